"""The workshop's kernels forked from a preloaded process (upphandlingskurs/kernel_forks.py).

A real fork server and real kernels, started through jupyter_client as Voilà starts them: the kernel
is a copy of the fork server, with what the apps import already there, the widgets' comm target
registered, its own folder and environment, a command line that names its connection file; it can
be interrupted and shut down, and leaves nothing behind. Without a fork server the kernel starts as
usual. The whole workshop on top of it: tests/test_workshop_app.py and tests/test_workshop_load.py.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from jupyter_client.manager import AsyncKernelManager

from upphandlingskurs import kernel_forks

pytestmark = pytest.mark.skipif(not kernel_forks.available(), reason="kärnor kopieras bara på Linux")

KERNEL_NAME = "kurs-prov-kopia"


@pytest.fixture(scope="module")
def fork_server(tmp_path_factory):
    """A fork server, the provisioner registered, and a kernel spec that asks for it."""
    folder = tmp_path_factory.mktemp("karnkopior")
    spec = folder / "jupyter" / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Prov", "language": "python",
        "metadata": {"kernel_provisioner": {"provisioner_name": kernel_forks.PROVISIONER_NAME}},
    }), encoding="utf-8")
    saved = {name: os.environ.get(name) for name in ("JUPYTER_PATH", kernel_forks.SOCKET_ENV)}
    os.environ["JUPYTER_PATH"] = str(folder / "jupyter")
    process = kernel_forks.start_fork_server(folder)
    assert process is not None, "förberedelseprocessen startade inte"
    try:
        yield process
    finally:
        kernel_forks.stop_fork_server(process)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


async def run(manager: AsyncKernelManager, code: str, timeout: float = 60) -> str:
    """The text the code prints in the kernel (an error's name and value if it fails)."""
    client = manager.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=timeout)
        printed: list[str] = []

        def keep(message):
            content = message["content"]
            if message["msg_type"] == "stream":
                printed.append(content["text"])
            elif message["msg_type"] == "error":
                printed.append(f"{content['ename']}: {content['evalue']}")

        await client.execute_interactive(code, output_hook=keep, timeout=timeout)
        return "".join(printed).strip()
    finally:
        client.stop_channels()


def in_own_loop(coroutine):
    """Run ``coroutine`` to its end in a thread of its own: a browser test before may have left an
    event loop running in this one (Playwright's synchronous API), where asyncio.run refuses to start."""
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def gone(pid: int, timeout: float = 15) -> bool:
    """Whether process ``pid`` has ended and left no zombie, within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                time.sleep(0.1)
                continue
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.1)
    return False


def test_a_kernel_is_a_copy_of_the_fork_server_with_the_apps_imports_and_its_own_folder_and_environment(fork_server, tmp_path):
    async def scenario():
        manager = AsyncKernelManager(kernel_name=KERNEL_NAME)
        await manager.start_kernel(cwd=str(tmp_path), env={**os.environ, "KURS_PROV": "ja"})
        try:
            assert isinstance(manager.provisioner, kernel_forks.ForkProvisioner)
            pid = manager.provisioner.pid
            printed = await run(manager, "\n".join([
                "import comm, os, sys",
                "print(os.getppid(), os.getpid(), os.getcwd(), os.environ.get('KURS_PROV'))",
                "print(*(name in sys.modules for name in ('pandas', 'ipywidgets', 'upphandlingskurs.tools')))",
                "print('jupyter.widget' in comm.get_comm_manager().targets,"
                " 'jupyter.widget.control' in comm.get_comm_manager().targets)",
                f"print({kernel_forks.SOCKET_ENV!r} in os.environ)",
            ]))
            lines = printed.splitlines()
            assert lines[0].split() == [str(fork_server.pid), str(pid), str(tmp_path), "ja"]
            assert lines[1:] == ["True True True", "True True", "False"]
            command = " ".join(psutil.Process(pid).cmdline())
            assert "ipykernel_launcher" in command and Path(manager.connection_file).name in command
        finally:
            await manager.shutdown_kernel()
        assert gone(pid), "kärnan finns kvar efter avstängningen"

    in_own_loop(scenario())


def test_a_forked_kernel_can_be_interrupted_and_killed(fork_server):
    async def scenario():
        manager = AsyncKernelManager(kernel_name=KERNEL_NAME)
        await manager.start_kernel()
        pid = manager.provisioner.pid
        try:
            client = manager.client()
            client.start_channels()
            await client.wait_for_ready(timeout=60)
            started = time.monotonic()
            reply = asyncio.ensure_future(client.execute_interactive("import time\ntime.sleep(60)", timeout=90))
            await asyncio.sleep(1.5)
            await manager.interrupt_kernel()
            result = await reply
            client.stop_channels()
            assert result["content"]["status"] == "error" and result["content"]["ename"] == "KeyboardInterrupt"
            assert time.monotonic() - started < 30
            assert await manager.is_alive()
        finally:
            await manager.shutdown_kernel(now=True)  # SIGKILL, as jupyter_server does to a kernel that hangs
        assert gone(pid)
        assert not await manager.is_alive()

    in_own_loop(scenario())


def test_without_a_fork_server_the_kernel_starts_as_usual(fork_server, monkeypatch, tmp_path):
    monkeypatch.setenv(kernel_forks.SOCKET_ENV, str(tmp_path / "finns-inte"))

    async def scenario():
        manager = AsyncKernelManager(kernel_name=KERNEL_NAME)
        await manager.start_kernel()
        try:
            printed = await run(manager, "import os\nprint(os.getppid())")
            assert printed == str(os.getpid())  # started by this process, not by the fork server
        finally:
            await manager.shutdown_kernel()

    in_own_loop(scenario())


def test_the_fork_server_ends_with_the_server_that_started_it(tmp_path):
    starter = subprocess.run(
        [sys.executable, "-c", "from upphandlingskurs import kernel_forks\n"
         f"print(kernel_forks.start_fork_server({str(tmp_path)!r}).pid)"],
        capture_output=True, text=True, timeout=120)
    assert starter.returncode == 0, starter.stderr
    assert gone(int(starter.stdout.strip()), timeout=10)
    assert not list(tmp_path.iterdir()), "förberedelseprocessens socket finns kvar"


def test_the_fork_server_removes_its_socket_when_the_workshop_server_ends_it(tmp_path):
    process = kernel_forks.start_fork_server(tmp_path)
    try:
        assert len(list(tmp_path.glob("kurs-karnor-*/fork"))) == 1
    finally:
        kernel_forks.stop_fork_server(process)
    assert not list(tmp_path.iterdir())


def test_without_a_temporary_folder_the_kernels_start_as_usual_with_a_swedish_message(tmp_path, capsys):
    assert kernel_forks.start_fork_server(tmp_path / "finns-inte") is None
    message = capsys.readouterr().err
    assert message.startswith(kernel_forks.NOT_STARTED) and "Traceback" not in message
