"""Kernels forked from a process that has already imported what they need: the workshop's (one
per participant's open exercise) and the book build's (one per page).

A kernel is a new Python that imports ipykernel, pandas, pandera, ipywidgets and the course's
package before its first cell runs: about 0.6 s of processor time of the 1.5 s a workshop kernel
cost the laptop, paid again for every participant (two cores managed a little more than one
participant a second), and most of the time a page spent running in the build. Here one process,
the **fork server**, imports all of that once; each kernel is then a copy of it (``os.fork``) that
only starts the kernel itself. The copy shares the imported modules' memory with the fork server
until it changes them.

- ``serve``: the fork server (``python -m upphandlingskurs.kernel_forks SOCKET``). It
  imports ``PRELOADED``, then answers on a Unix socket: each request is a kernel's command line,
  environment and folder; it forks, and the copy becomes that kernel. It ends with the process
  that started it (the workshop server, the build), and its kernels end with it (each watches it,
  as a kernel started by jupyter_client watches the process that started it).
- ``ForkProvisioner``: jupyter_client's local provisioner, which asks the fork server for a kernel
  instead of starting a new Python. Without a fork server, or if it does not answer, it starts the
  kernel as jupyter_client always does.
- ``start_fork_server``: what the workshop server calls before Voilà starts its kernels (and the
  book's build before it runs the pages, _ext/kurs_karnor.py); ``PROVISIONER_SETTING`` makes
  ``ForkProvisioner`` the apps' kernels' provisioner, the build kernel's spec names it.

Only on Linux: Windows has no fork, and on macOS a forked copy of a process that has loaded the
system's frameworks may crash (Apple's libraries do not support it); there, kernels start as usual.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jupyter_client.provisioning import LocalProvisioner

PROVISIONER_NAME = "kurs-fork-provisioner"
# Voilà's setting that gives every kernel without a provisioner of its own (all of the apps') this one.
PROVISIONER_SETTING = f"--KernelProvisionerFactory.default_provisioner_name={PROVISIONER_NAME}"
# Where the provisioner finds the fork server: set in the process that started it (the workshop
# server, the build), and inherited by the build's processes that read the pages.
SOCKET_ENV = "UPPHANDLINGSKURS_KARNFORK"
# What every app imports (the kernel itself, the data libraries, the widgets, the course's tools and
# answer checks) and pandera, which checks the data each app reads. Not matplotlib: only exercise 5
# draws, and its backend is chosen from the kernel's own environment when pyplot is imported.
PRELOADED = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.comm",
    "pandas",
    "pandera.pandas",
    "ipywidgets",
    "upphandlingskurs.workshop_app.kernel",
    "upphandlingskurs.tools",
    "upphandlingskurs.exercises",
    "upphandlingskurs.static_exercises",
    "upphandlingskurs.rules.parameters",
)
# The numerical libraries start no threads of their own in the fork server: a copy has only the
# thread that forked, and a library that believed its threads were still there would wait for them.
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
NOT_STARTED = "Kärnorna startas på vanligt sätt, eftersom processen som de skulle kopieras från inte startade."
READY_TIMEOUT_S = 60  # imports on a busy laptop
REPLY_TIMEOUT_S = 30
PARENT_CHECK_S = 1.0  # how often the fork server looks whether the process that started it still runs


def available() -> bool:
    return sys.platform == "linux"


# --- The fork server -------------------------------------------------------------------------------

def serve(socket_path: str) -> None:
    from setproctitle import setproctitle

    parent = os.getppid()
    # `python -m` put the start folder first on the path; a kernel's own folder is put there by IPython
    # (ipykernel_launcher removes it in the same way).
    if sys.path and Path(sys.path[0]) == Path.cwd():
        del sys.path[0]
    # Without the debugger, as the book's build kernel (_ext/jupyter/kernels/kurs-bygge): ipykernel
    # imports debugpy in every kernel (a third of its start), and Voilà's pages have no debugger.
    sys.modules["debugpy"] = None
    for module in PRELOADED:
        importlib.import_module(module)
    # An ended copy is waited for at once, so that it leaves no zombie (the provisioner, which is not
    # its parent, sees it gone by its process id) and its processor time is counted as this process's
    # children's, as a kernel's is counted as the server's when it starts kernels itself.
    signal.signal(signal.SIGCHLD, _wait_for_ended_kernels)
    # Ctrl+C in the trainer's terminal reaches the whole process group: the workshop server shuts
    # its kernels down and then ends this process; it must not end before them.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The workshop server ends it with SIGTERM: leave through the finally below, which removes the socket.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(socket_path + ".tmp")
    os.rename(socket_path + ".tmp", socket_path)  # the socket appears when it can be used
    listener.listen(64)
    listener.settimeout(PARENT_CHECK_S)
    try:
        _answer(listener, parent, setproctitle)
    finally:
        listener.close()
        Path(socket_path).unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            Path(socket_path).parent.rmdir()


def _answer(listener: socket.socket, parent: int, setproctitle) -> None:
    """Fork a kernel for each request, until the workshop server that started us has ended."""
    while os.getppid() == parent:
        try:
            connection, _ = listener.accept()
        except TimeoutError:
            continue
        with connection:
            connection.settimeout(REPLY_TIMEOUT_S)
            try:
                with connection.makefile("rb") as lines:
                    request = json.loads(lines.readline())
                pid = os.fork()
                if pid == 0:
                    listener.close()
                    connection.close()
                    _become_kernel(request["argv"], request["env"], request["cwd"], setproctitle)
                connection.sendall(json.dumps({"pid": pid}).encode() + b"\n")
            except (OSError, ValueError, KeyError, TypeError) as error:
                try:
                    connection.sendall(json.dumps({"error": f"{type(error).__name__}: {error}"}).encode() + b"\n")
                except OSError:
                    pass


def _wait_for_ended_kernels(signum, frame) -> None:
    try:
        while os.waitpid(-1, os.WNOHANG)[0] > 0:
            pass
    except ChildProcessError:  # none left
        pass


def _become_kernel(argv: list[str], env: dict[str, str], cwd: str, setproctitle) -> None:
    """In the copy: become the kernel that ``argv`` (``python -m ipykernel_launcher -f …``) starts, in
    ``cwd`` with ``env``; never return into the fork server's loop."""
    code = 1
    try:
        # What `ps` and the workshop's tests see: the command line the kernel would have had (first:
        # setproctitle finds the command line's memory through the environment as the process got it).
        setproctitle(" ".join(argv))
        os.setsid()  # a process group of its own, as jupyter_client gives a kernel: interrupts reach only it
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the kernel's own subprocesses are waited for again
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        sys.argv = [argv[0], *argv[3:]]
        import ipywidgets
        from ipykernel.kernelapp import IPKernelApp

        # What launch_new_instance does, with one step between: ipywidgets offers its widgets to the
        # page only through a comm target that it registers when it is imported in a running kernel,
        # and here it was imported before there was one.
        app = IPKernelApp.instance()
        # The kernel watches its parent, which is now the fork server: it ends if that ends.
        app.initialize([*argv[3:], f"--IPKernelApp.parent_handle={os.getppid()}"])
        ipywidgets.register_comm_target()
        app.start()
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    except BaseException:  # noqa: BLE001 - the copy must never return into the fork server's loop
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


# --- In the workshop server ------------------------------------------------------------------------

def start_fork_server(folder: Path | None = None) -> subprocess.Popen | None:
    """Start the fork server and wait until it can fork; None where kernels start as usual (not
    Linux, or it could not start: the workshop and the build then work as without it, only slower)."""
    if not available():
        return None
    try:
        socket_dir = Path(tempfile.mkdtemp(prefix="kurs-karnor-", dir=folder))
    except OSError as error:  # no writable temporary folder
        print(f"{NOT_STARTED} ({error.strerror}: {error.filename})", file=sys.stderr)
        return None
    socket_path = socket_dir / "fork"
    process = subprocess.Popen(
        [sys.executable, "-m", __name__, str(socket_path)], env={**os.environ, **ONE_THREAD},
        stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + READY_TIMEOUT_S
    while not socket_path.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            process.wait()
            with contextlib.suppress(OSError):
                socket_dir.rmdir()
            print(NOT_STARTED, file=sys.stderr)
            return None
        time.sleep(0.05)
    os.environ[SOCKET_ENV] = str(socket_path)
    register_provisioner()
    return process


def stop_fork_server(process: subprocess.Popen | None) -> None:
    """End a fork server that ``start_fork_server`` started (its socket goes with it; kernels that
    are still running end as they see it gone); kernels start as usual after this."""
    if process is None:
        return
    process.terminate()
    process.wait(10)
    os.environ.pop(SOCKET_ENV, None)


def register_provisioner() -> None:
    """Make ``ForkProvisioner`` known to jupyter_client under ``PROVISIONER_NAME`` in this process.

    Packages normally register a provisioner as an entry point in their metadata. Here the course's
    package metadata is not always the one found: a checkout's own ``upphandlingskurs.egg-info``
    (left by an install) comes first on the path when the server runs in the checkout, and it has no
    entry points. jupyter_client keeps the provisioners it knows in this mapping, which it looks in
    before it looks for entry points."""
    from importlib.metadata import EntryPoint

    from jupyter_client.provisioning.factory import KernelProvisionerFactory

    KernelProvisionerFactory.provisioners[PROVISIONER_NAME] = EntryPoint(
        PROVISIONER_NAME, "upphandlingskurs.kernel_forks:ForkProvisioner", KernelProvisionerFactory.GROUP_NAME)


async def request_kernel(socket_path: str, argv: list[str], env: dict[str, str], cwd: str) -> int:
    """Ask the fork server for a kernel; its process id."""
    reader, writer = await asyncio.wait_for(asyncio.open_unix_connection(socket_path), REPLY_TIMEOUT_S)
    try:
        writer.write(json.dumps({"argv": argv, "env": env, "cwd": cwd}).encode() + b"\n")
        await writer.drain()
        reply = json.loads(await asyncio.wait_for(reader.readline(), REPLY_TIMEOUT_S) or b"{}")
    finally:
        writer.close()
    if not isinstance(reply.get("pid"), int):
        raise OSError(reply.get("error", "inget svar"))
    return reply["pid"]


class ForkedKernel:
    """What jupyter_client's provisioner needs of ``subprocess.Popen``, for a kernel that the fork
    server started: it is not this process's child, so it is watched and signalled by its id."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0  # ended; its exit status went to the fork server
            except PermissionError:
                pass  # the id belongs to a process that is not ours: still running, as far as we know
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"kärna {self.pid}", timeout)
            time.sleep(0.05)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def _is_python_kernel(cmd: list[str]) -> bool:
    """Whether ``cmd`` starts ipykernel in this Python with a connection file: ``python -m
    ipykernel_launcher -f FILE`` (the apps' kernel), or ``python -c CODE -f FILE``, which a kernel
    spec that names this provisioner promises starts ipykernel (the book's build kernel,
    _ext/jupyter/kernels/kurs-bygge, whose code only keeps the debugger out, as the fork server does)."""
    return (len(cmd) >= 5 and Path(cmd[0]).resolve() == Path(sys.executable).resolve()
            and (cmd[1:3] == ["-m", "ipykernel_launcher"] or cmd[1] == "-c") and cmd[3] == "-f")


class ForkProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, whose Python kernels come from the fork server."""

    async def launch_kernel(self, cmd: list[str], **kwargs):
        socket_path = os.environ.get(SOCKET_ENV)
        if socket_path and _is_python_kernel(cmd):
            env = {key: value for key, value in (kwargs.get("env") or os.environ).items() if key != SOCKET_ENV}
            cwd = str(kwargs.get("cwd") or Path.cwd())
            try:
                pid = await request_kernel(socket_path, cmd, env, cwd)
            except (OSError, ValueError, asyncio.TimeoutError) as error:
                self.log.warning("Kärnan startas på vanligt sätt, eftersom processen som den skulle kopieras "
                                 "från inte svarade (%s).", error)
            else:
                self.process = ForkedKernel(pid)
                self.pid = self.pgid = pid
                self.cwd = cwd
                return self.connection_info
        return await super().launch_kernel(cmd, **kwargs)


if __name__ == "__main__":
    serve(sys.argv[1])
