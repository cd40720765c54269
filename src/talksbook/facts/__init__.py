"""Answers to the questions a reader asks of the data, each computed once.

One pure function per question ("how long was each call, and do the sources agree?", "who was
at the table, and who was affected but absent?"), returning plain data: a tidy DataFrame or
small frozen dataclasses with a verdict. No words, no HTML, no Altair: the charts draw these
answers and the prose phrases them, so a number the two share is computed in one place.
"""
