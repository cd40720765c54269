// The book theme draws its own menu buttons in the page header, but the themes' scripts bind
// only the first element of each toggle class (pydata-sphinx-theme's hidden navbar icon): on a
// phone the visible "Site navigation" button did nothing. Every other button of the class
// passes its click on to the bound one, so both themes' handlers run as they would for it
// (the dialog on a narrow screen, the collapsing sidebar on a wide one).
document.addEventListener("DOMContentLoaded", () => {
  for (const kind of ["primary-toggle", "secondary-toggle"]) {
    const [bound, ...others] = document.querySelectorAll(`.${kind}`);
    for (const button of others) {
      button.addEventListener("click", (event) => {
        event.preventDefault();
        bound.click();
      });
    }
  }
});
