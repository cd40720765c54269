"""Warm kernels: chapter kernels forked from one process that has already imported the stack.

A cold kernel is a new Python process that imports ipykernel, pandas, Altair and this package
before its first cell can run: about a second and a half of CPU time, paid by every chapter of
every edition. Inside :func:`warm_kernels`, a *zygote* process (started on the first chapter,
one per build, shared by the editions) imports all of that once; each chapter's kernel is then a
fork of it. Papermill still executes every notebook, through a jupyter_client kernel manager
whose provisioner asks the zygote for a kernel instead of starting a process
(:class:`WarmKernelManager`, :class:`ForkProvisioner`).

Each kernel is a fresh fork, so nothing a notebook does reaches the next one. The child undoes
what a fork shares and a new process would not have: its session and signal handlers, the
zygote's sockets, standard input, the environment and working directory the kernel manager
asked for, ``sys.argv`` and ``sys.path`` as ``python -m ipykernel_launcher`` sets them, and the
random seeds (Python's own are reseeded at fork; NumPy's here). The zygote forks from one
thread only (it refuses to serve if an import started a Python thread).

No zygote outlives its build: the build closes it when the block ends (and at exit); if the
build dies, the zygote reads end-of-file on its standard input and exits, and each kernel dies
with the zygote (``PR_SET_PDEATHSIG``). When fork cannot be used (not Linux, the zygote failed,
an environment the zygote was not started with), chapters run in cold kernels, as before, with
a message. ``TALKSBOOK_KERNELS=cold`` asks for cold kernels.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import gc
import json
import os
import select
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner

from .data.package import VALIDATED_ENV

#: ``cold`` or ``warm`` (the default where fork works).
MODE_ENV = "TALKSBOOK_KERNELS"
MODES = ("warm", "cold")
#: What the zygote imports before it forks: the kernel and what it imports as it starts (its
#: completer, history database), what the chapter templates import (talksbook.notebook loads
#: the data package, charts and narrative import the rest), and what those import on first use
#: (Frictionless when a package is validated, Babel's dates). Not ipykernel.debugger: debugpy
#: prints a warning as it is imported, which in a kernel makes one more IOPub socket, and
#: names a thread (0.07 s of CPU a kernel, for a kernel exactly like a cold one).
WARM_MODULES = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "IPython.core.completerlib",
    "IPython.extensions.storemagic",
    "psutil",
    "sqlite3",
    "talksbook.notebook",
    "talksbook.charts",
    "talksbook.narrative",
    "talksbook.narrative.changes",
    "talksbook.facts",
    "talksbook.vocabulary",
    "babel.dates",
    "frictionless",
)
#: Variables a kernel's environment may hold with other values than the zygote's: they are
#: read at run time, not while the stack is imported. Any other difference (PYTHONPATH,
#: PYTHONHASHSEED, the locale…) means the zygote's imports could differ from the kernel's:
#: that kernel starts cold.
PER_KERNEL_ENV = frozenset({VALIDATED_ENV, "JPY_SESSION_NAME"})
#: The command line jupyter_client builds for the python3 kernel, after the interpreter.
LAUNCHER = ["-m", "ipykernel_launcher"]
READY_TIMEOUT_S = 300
_PR_SET_PDEATHSIG = 1
_MAX_REQUEST = 1 << 24


class _Forked:
    """The build's end of one forked kernel: its pid and the connection on which the zygote
    reports its exit status (and closes it), and takes signals for it."""

    def __init__(self, connection: socket.socket, pid: int) -> None:
        self.connection = connection
        self.pid = pid
        self.returncode: int | None = None
        self._buffer = b""
        connection.setblocking(False)

    def poll(self) -> int | None:
        """The kernel's exit code (negative: the signal that ended it), or None while it runs."""
        while self.returncode is None:
            try:
                data = self.connection.recv(4096)
            except BlockingIOError:
                return None
            except OSError:
                data = b""
            if not data:  # the zygote is gone, and its kernels died with it
                self.returncode = -signal.SIGKILL
                break
            self._buffer += data
            if b"\n" in self._buffer:
                self.returncode = int(json.loads(self._buffer.split(b"\n")[0])["exit"])
        return self.returncode

    def signal(self, signum: int) -> None:
        """Ask the zygote to signal the kernel's process group (only it knows whether the
        kernel was reaped: its pid cannot have been reused when it sends the signal)."""
        if self.poll() is None:
            with contextlib.suppress(OSError):
                self.connection.sendall(json.dumps({"signal": int(signum)}).encode() + b"\n")

    def close(self) -> None:
        """Drop the connection; a kernel still running is killed by the zygote."""
        self.connection.close()


class WarmKernels:
    """One zygote for a build, started on the first kernel asked for; see the module's text."""

    def __init__(self, report: Callable[[str], None] = print) -> None:
        self.report = report
        self.forked = 0
        self._lock = threading.RLock()
        self._folder: str | None = None
        self._address = ""
        self._process: subprocess.Popen[bytes] | None = None
        self._environment: dict[str, str] = {}
        self._unavailable: str | None = None
        self._said: set[str] = set()
        pool = self
        #: The kernel manager class to give nbclient (``kernel_manager_class``).
        self.manager_class: type[WarmKernelManager] = type(
            "BoundWarmKernelManager", (WarmKernelManager,), {"pool": pool}
        )

    @property
    def zygote_pid(self) -> int | None:
        """The zygote's pid while it runs."""
        process = self._process
        return process.pid if process is not None and process.poll() is None else None

    def _say_once(self, message: str) -> None:
        with self._lock:
            if message in self._said:
                return
            self._said.add(message)
        self.report(message)

    def _give_up(self, reason: str) -> None:
        """Start the next kernels cold (those the zygote runs go on)."""
        with self._lock:
            self._unavailable = reason
        self._say_once(f"Warm kernels unavailable ({reason}): chapters run in cold kernels.")

    def _start(self) -> None:
        """Start the zygote and wait until it has imported the stack (or failed to)."""
        self._folder = tempfile.mkdtemp(prefix="talksbook-kernels-")
        address = os.path.join(self._folder, "zygote")
        ready_read, ready_write = os.pipe()
        # ``-c`` puts "" first on sys.path; the zygote drops it before importing anything, as
        # ipykernel_launcher drops the working directory.
        boot = "import sys; del sys.path[0]; from talksbook.kernels import serve; serve()"
        # A kernel's environment, as jupyter_client makes it: ipykernel reads JPY_PARENT_PID
        # when it is imported (the zygote's kernels all have this process as their parent).
        self._environment = {**os.environ, "JPY_PARENT_PID": str(os.getpid())}
        self._environment.pop("PYTHONEXECUTABLE", None)
        with os.fdopen(ready_read, "rb") as ready:
            try:
                self._process = subprocess.Popen(
                    [sys.executable, "-c", boot, address, str(ready_write), *WARM_MODULES],
                    stdin=subprocess.PIPE,  # its lifeline: end of file when this process ends
                    pass_fds=(ready_write,),
                    env=self._environment,
                    start_new_session=True,  # Ctrl-C reaches the build, which closes the zygote
                )
            finally:
                os.close(ready_write)
            if not select.select([ready], [], [], READY_TIMEOUT_S)[0]:
                raise OSError(f"the zygote did not start within {READY_TIMEOUT_S} s")
            answer = ready.read().decode("utf-8", "replace").strip()
        if answer != "ready":  # the error's first line (what it printed follows)
            raise OSError(answer.splitlines()[0] if answer else "the zygote exited")
        self._address = address

    def fork(self, command: list[str], env: Mapping[str, str], cwd: str) -> _Forked | None:
        """A kernel forked from the zygote running ``command`` in ``cwd`` with ``env``, or
        None when this one must start cold (said once per reason)."""
        with self._lock:
            if self._unavailable is None and self._process is None:
                try:
                    self._start()
                except OSError as error:
                    self._give_up(f"the zygote did not start: {error}")
                    self._stop()
            if self._unavailable is not None:
                return None
        if command[:1] != [sys.executable] or command[1:3] != LAUNCHER:
            self._say_once(f"A kernel command that is not ipykernel's starts cold: {command}")
            return None
        differ = sorted(
            name
            for name in set(env) | set(self._environment)
            if name not in PER_KERNEL_ENV and env.get(name) != self._environment.get(name)
        )
        if differ:
            self._say_once(
                f"A kernel whose environment differs from the zygote's ({', '.join(differ)}) "
                "starts cold."
            )
            return None
        request = {"argv": command, "env": dict(env), "cwd": cwd}
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            connection.settimeout(60)
            connection.connect(self._address)
            connection.sendall(json.dumps(request).encode() + b"\n")
            reply = b""
            while not reply.endswith(b"\n"):
                chunk = connection.recv(4096)
                if not chunk:
                    raise OSError("the zygote closed the connection")
                reply += chunk
            answer = json.loads(reply)
            if "pid" not in answer:
                raise OSError(str(answer.get("error")))
        except (OSError, ValueError) as error:
            connection.close()
            self._give_up(f"the zygote failed: {error}")
            return None
        with self._lock:
            self.forked += 1
        return _Forked(connection, int(answer["pid"]))

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            with contextlib.suppress(OSError):
                assert process.stdin is not None
                process.stdin.close()  # end of file: the zygote kills its kernels and exits
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def close(self) -> None:
        """Stop the zygote (and any kernel it still runs); later kernels start cold."""
        with self._lock:
            self._stop()
            if self._unavailable is None:
                self._unavailable = "closed"


class ForkProvisioner(LocalProvisioner):
    """A kernel provisioner that gets its kernel from the pool's zygote; it starts the kernel
    as LocalProvisioner does when the pool says it cannot."""

    _forked: _Forked | None = None

    @property
    def has_process(self) -> bool:
        return bool(self.process is not None or self._forked is not None)

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        assert isinstance(self.parent, WarmKernelManager)
        pool = self.parent.pool
        cwd = str(kwargs.get("cwd") or os.getcwd())
        # As jupyter_client's launch_kernel sets it for a kernel that is not independent.
        env = {**(kwargs.get("env") or os.environ), "JPY_PARENT_PID": str(os.getpid())}
        forked = pool.fork(cmd, env, cwd)
        if forked is None:
            return await super().launch_kernel(cmd, **kwargs)
        self._forked = forked
        self.pid = self.pgid = forked.pid
        self.cwd = cwd
        return self.connection_info

    async def poll(self) -> int | None:
        if self._forked is None:
            return await super().poll()
        return self._forked.poll()

    async def wait(self) -> int | None:
        if self._forked is None:
            return await super().wait()
        import asyncio

        while (code := self._forked.poll()) is None:
            await asyncio.sleep(0.05)
        self._forked.close()
        self._forked = None
        return code

    async def send_signal(self, signum: int) -> None:
        if self._forked is None:
            await super().send_signal(signum)
        else:
            self._forked.signal(signum)

    async def kill(self, restart: bool = False) -> None:
        if self._forked is None:
            await super().kill(restart)
        else:
            self._forked.signal(signal.SIGKILL)

    async def terminate(self, restart: bool = False) -> None:
        if self._forked is None:
            await super().terminate(restart)
        else:
            self._forked.signal(signal.SIGTERM)

    async def cleanup(self, restart: bool = False) -> None:
        await super().cleanup(restart)
        if self._forked is not None and not restart:
            self._forked.close()
            self._forked = None


class WarmKernelManager(AsyncKernelManager):
    """nbclient's kernel manager, with its kernel provisioned by :class:`ForkProvisioner`;
    ``pool`` is set on the class :attr:`WarmKernels.manager_class`."""

    pool: WarmKernels

    async def _async_pre_start_kernel(self, **kw: Any) -> Any:
        # As the base class does, but with this provisioner instead of the kernel spec's.
        self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
        if self.provisioner is None:
            self.provisioner = ForkProvisioner(
                kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self
            )
        return await super()._async_pre_start_kernel(**kw)


_active: WarmKernels | None = None


def active() -> WarmKernels | None:
    """The pool of the innermost :func:`warm_kernels` block, if any."""
    return _active


def fork_works() -> str | None:
    """Why kernels cannot be forked here, or None when they can."""
    if not sys.platform.startswith("linux"):
        return f"fork is used on Linux only, not {sys.platform}"
    return None


@contextlib.contextmanager
def warm_kernels(report: Callable[[str], None] = print) -> Iterator[WarmKernels | None]:
    """Within the block, chapters run in kernels forked from one zygote (see the module's
    text); a block inside another uses the outer one's. Yields the pool, or None when kernels
    start cold (``TALKSBOOK_KERNELS=cold``, or fork does not work here)."""
    global _active
    if _active is not None:
        yield _active
        return
    mode = os.environ.get(MODE_ENV, MODES[0]).strip().lower() or MODES[0]
    if mode not in MODES:
        report(f"{MODE_ENV}={mode!r} is not one of {', '.join(MODES)}: kernels start cold.")
        mode = "cold"
    why_not = fork_works()
    if mode == "warm" and why_not is not None:
        report(f"Warm kernels unavailable ({why_not}): chapters run in cold kernels.")
    if mode == "cold" or why_not is not None:
        yield None
        return
    pool = WarmKernels(report)
    _active = pool
    atexit.register(pool.close)
    try:
        yield pool
    finally:
        _active = None
        pool.close()
        atexit.unregister(pool.close)


# The zygote's side. Everything below runs in the zygote process (and, up to the kernel's
# start, in the forked child).


class _Zygote:
    """The zygote's state: its listening socket, the connections, and its live children."""

    def __init__(self, address: str, imported: dict[str, str], removed: list[str]) -> None:
        #: The environment variables set and removed by the imports.
        self.imported_env, self.removed_env = imported, removed
        self.selector = selectors.DefaultSelector()
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(address)
        self.listener.listen(64)
        self.address = address
        self.wake_read, self.wake_write = os.pipe()
        os.set_blocking(self.wake_read, False)
        os.set_blocking(self.wake_write, False)
        #: pid -> the connection that asked for it (None once that connection closed).
        self.children: dict[int, socket.socket | None] = {}
        self.buffers: dict[socket.socket, bytes] = {}
        self.kernel_of: dict[socket.socket, int] = {}

    def serve(self) -> None:
        signal.signal(signal.SIGCHLD, lambda *_: None)
        signal.set_wakeup_fd(self.wake_write)
        self.selector.register(self.listener, selectors.EVENT_READ, "accept")
        self.selector.register(self.wake_read, selectors.EVENT_READ, "wake")
        self.selector.register(sys.stdin.fileno(), selectors.EVENT_READ, "lifeline")
        try:
            while True:
                for key, _ in self.selector.select(timeout=5):
                    if key.data == "accept":
                        connection, _ = self.listener.accept()
                        self.buffers[connection] = b""
                        self.selector.register(connection, selectors.EVENT_READ, "connection")
                    elif key.data == "wake":
                        with contextlib.suppress(BlockingIOError):
                            os.read(self.wake_read, 4096)
                    elif key.data == "lifeline":
                        if not os.read(sys.stdin.fileno(), 4096):
                            return
                    else:
                        self._read(key.fileobj)  # type: ignore[arg-type]
                self._reap()
        finally:
            self._kill_all()

    def _read(self, connection: socket.socket) -> None:
        try:
            data = connection.recv(65536)
        except OSError:
            data = b""
        if not data:
            self._drop(connection)
            return
        buffer = self.buffers[connection] + data
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            try:
                self._handle(connection, json.loads(line))
            except (OSError, ValueError, KeyError, TypeError) as error:  # no kernel for it
                with contextlib.suppress(OSError):
                    connection.sendall(json.dumps({"error": str(error)}).encode() + b"\n")
                self._drop(connection)
                return
        if len(buffer) > _MAX_REQUEST:
            self._drop(connection)
            return
        self.buffers[connection] = buffer

    def _handle(self, connection: socket.socket, message: dict[str, Any]) -> None:
        if "signal" in message:
            pid = self.kernel_of.get(connection)
            if pid is not None and pid in self.children:
                with contextlib.suppress(OSError):
                    os.killpg(pid, int(message["signal"]))
            return
        if connection in self.kernel_of:
            return  # one kernel per connection
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _become_kernel(self, message)  # never returns
        self.children[pid] = connection
        self.kernel_of[connection] = pid
        with contextlib.suppress(OSError):
            connection.sendall(json.dumps({"pid": pid}).encode() + b"\n")

    def _drop(self, connection: socket.socket) -> None:
        """A connection closed: its kernel, if it still runs, is no one's any more."""
        self.selector.unregister(connection)
        self.buffers.pop(connection, None)
        pid = self.kernel_of.pop(connection, None)
        if pid is not None and pid in self.children:
            self.children[pid] = None
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)
        connection.close()

    def _reap(self) -> None:
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            connection = self.children.pop(pid, None)
            if connection is not None:
                code = os.waitstatus_to_exitcode(status)
                with contextlib.suppress(OSError):
                    connection.sendall(json.dumps({"exit": code}).encode() + b"\n")
                self.kernel_of.pop(connection, None)
                self._drop(connection)

    def _kill_all(self) -> None:
        for pid in list(self.children):
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while self.children and time.monotonic() < deadline:
            self._reap()
            time.sleep(0.01)
        with contextlib.suppress(OSError):  # (the build removes them too, unless it was killed)
            os.unlink(self.address)
            os.rmdir(os.path.dirname(self.address))

    def close_in_child(self) -> None:
        """Close, in a forked child, everything of the zygote's that a kernel must not hold."""
        signal.set_wakeup_fd(-1)
        self.selector.close()
        self.listener.close()
        for connection in self.buffers:
            connection.close()
        os.close(self.wake_read)
        os.close(self.wake_write)


def _become_kernel(zygote: _Zygote, request: dict[str, Any]) -> None:
    """In the forked child: become the kernel ``request`` asks for, as
    ``python -m ipykernel_launcher …`` would start it; exit when it ends."""
    code: object = 1
    try:
        os.setsid()  # as jupyter_client starts kernels: signals go to its group only
        _die_with_parent()
        for signum in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        zygote.close_in_child()
        # A cold kernel's standard input is a pipe already closed at the other end.
        read, write = os.pipe()
        os.close(write)
        os.dup2(read, 0)
        os.close(read)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ.update(zygote.imported_env)
        for name in zygote.removed_env:
            os.environ.pop(name, None)
        if "numpy" in sys.modules:  # Python's random reseeds itself at fork, NumPy's does not
            sys.modules["numpy"].random.seed()
        import runpy

        # ``python -m`` puts the working directory first on sys.path, and the module's file
        # in sys.argv[0] (run_module sets it).
        sys.argv = ["-m", *request["argv"][3:]]
        sys.path.insert(0, os.getcwd())
        runpy.run_module(LAUNCHER[1], run_name="__main__", alter_sys=True)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    except BaseException:
        traceback.print_exc()
    finally:
        try:
            atexit._run_exitfuncs()
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code if isinstance(code, int) else (0 if code is None else 1))


def _die_with_parent() -> None:
    """Have the kernel killed when the zygote dies, however it dies."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() == 1:  # the zygote died before prctl took effect
        os._exit(1)


def _import_quietly(modules: list[str]) -> None:
    """Import ``modules`` with what they print on standard error kept off the build's output
    (debugpy warns about frozen modules; a kernel imports it where no one sees it) and
    given in the error if one fails."""
    import importlib

    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as said:
        os.dup2(said.fileno(), 2)
        try:
            for module in modules:
                importlib.import_module(module)
        except Exception as error:
            sys.stderr.flush()
            said.seek(0)
            raise ImportError(f"{error}\n{said.read().decode('utf-8', 'replace')}") from None
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


def serve() -> None:
    """The zygote's main: ``python -c … ADDRESS READY_FD MODULE…`` (see WarmKernels._start)."""
    address, ready = sys.argv[1], int(sys.argv[2])
    started_with = dict(os.environ)
    try:
        _import_quietly(sys.argv[3:])
        if threading.active_count() != 1:
            raise RuntimeError(
                f"importing the stack started {threading.active_count() - 1} thread(s): "
                "forking would copy them half-way"
            )
        # What the imports set in the environment (debugpy sets PYDEVD_USE_FRAME_EVAL): a
        # kernel that imported them itself would have it, whatever its environment.
        imported = {k: v for k, v in os.environ.items() if started_with.get(k) != v}
        removed = sorted(set(started_with) - set(os.environ))
        zygote = _Zygote(address, imported, removed)
    except BaseException as error:
        os.write(ready, f"{type(error).__name__}: {error}\n".encode())
        os.close(ready)
        raise SystemExit(1) from None
    # What the imports made stays shared between the kernels instead of being copied into
    # each by the collector's writes.
    gc.collect()
    gc.freeze()
    os.write(ready, b"ready\n")
    os.close(ready)
    zygote.serve()
