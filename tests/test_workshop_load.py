"""`make workshop` under a room's load, over loopback only.

30 simulated participants (benchmarks/workshop_load.py: what a browser does with an exercise page,
over HTTP and the kernel's websocket) open exercises at the same moment, check an answer through
the page's kernel (typed, then Enter) and leave, for several rounds. Every one must get a working
app, and when they have left the server must be back at its idle level: the preheated kernels and
nothing more, in number and in memory. A second, small server checks the culling of kernels whose
page went away without saying so. Speed is the benchmark's business (benchmarks/workshop_load.py),
not these tests'.
"""

from __future__ import annotations

import asyncio
import re
import sys
import time

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import workshop_load as room_sim  # noqa: E402  (benchmarks/ is not a package)

pytestmark = pytest.mark.workshop

PARTICIPANTS = 30
# Three rounds: the first meets the full pools and fresh browsers (first visits fetch the page's
# scripts), the second and third meet the kernels that replaced the first round's and browsers with
# cookies, on other exercises (each round shifts who opens what), so a kernel or memory left behind by
# any round accumulates and shows. On 2 cores a round of 30 takes 20–40 s (30 kernel starts, about
# 45 s of CPU); more rounds would add as much each and find nothing the third does not.
ROUNDS = 3
# Memory after everyone has left, against the idle level before they came. The kernels must be
# exactly as many as before (a leaked kernel fails that on its own); the total may grow by what the
# server process keeps (caches, allocator), measured at 40–60 MB after 40 visits, far below one
# extra kernel (about 120 MB) per round.
MEMORY_SLACK = 1.08


def log(server) -> str:
    """The end of the server's output."""
    return "".join(server.output)[-4000:]


def apps() -> list[str]:
    from upphandlingskurs.workshop_app.server import exercise_sources

    return [f"/voila/render/{source.stem}.ipynb" for source in exercise_sources()]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = room_sim.Server(tmp_path_factory.mktemp("workshop-last") / "appar")
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


def test_a_room_of_30_gets_working_apps_and_the_server_returns_to_idle(server):
    from upphandlingskurs.workshop_app.kernel import CHECK_FAILED
    from upphandlingskurs.workshop_app.kernels import POOL_SIZE

    paths = apps()
    pool = POOL_SIZE * len(paths)
    idle = server.wait_idle(pool)
    assert idle["kernels"] == pool, f"{idle['kernels']} kärnor i vila, väntade {pool} förvärmda\n{log(server)}"

    participants = [room_sim.Participant(server.base) for _ in range(PARTICIPANTS)]
    for round_number in range(ROUNDS):
        during: dict = {}
        shifted = paths[round_number:] + paths[:round_number]
        visits = room_sim.run(room_sim.room(participants, shifted, while_there=lambda: during.update(server.memory())))

        problems = [f"{visit.path}: {visit.error}" for visit in visits if visit.error]
        assert not problems, f"omgång {round_number + 1}:\n" + "\n".join(problems)
        for visit in visits:
            assert visit.usable_s is not None and visit.answered_s is not None, visit
            assert "kurs-svar" in visit.feedback and CHECK_FAILED not in visit.feedback, visit.feedback
            assert visit.left, f"{visit.path}: kärnan stängdes inte när sidan stängdes"
        assert len({visit.kernel_id for visit in visits}) == PARTICIPANTS, "deltagare delade kärna"
        assert during["kernels"] >= PARTICIPANTS, during

    after = server.wait_idle(pool)
    assert after["kernels"] == pool, f"{after['kernels']} kärnor efter att alla gått, väntade {pool}"
    assert after["total_mb"] <= idle["total_mb"] * MEMORY_SLACK, (
        f"minnet gick inte tillbaka: {after['total_mb']:.0f} MB efteråt, {idle['total_mb']:.0f} MB i vila")
    assert server.process.poll() is None
    output = "".join(server.output)
    assert "Traceback" not in output and "403 POST" not in output, output[-3000:]


# The culling server: the course's settings with a 3 s idle limit checked every second, and one
# preheated kernel per exercise (it starts faster).
CULL_TIMEOUT_S = 3
CULL_SETTINGS = [f"--MappingKernelManager.cull_idle_timeout={CULL_TIMEOUT_S}",
                 "--MappingKernelManager.cull_interval=1",
                 "--VoilaConfiguration.default_pool_size=1"]


@pytest.fixture(scope="module")
def culling_server(tmp_path_factory):
    server = room_sim.Server(tmp_path_factory.mktemp("workshop-gallring") / "appar", CULL_SETTINGS)
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


def kernel_ids(server) -> set[str]:
    """The kernel ids of the server's kernel processes (from their connection files' names)."""
    ids = set()
    for kernel in server.kernels():
        for arg in kernel.cmdline():
            if arg.endswith(".json") and "kernel-" in arg:
                ids.add(arg.rsplit("kernel-", 1)[1].removesuffix(".json"))
    return ids


def test_kernels_of_pages_gone_without_a_word_are_culled_and_no_others(culling_server):
    """A phone that drops its tab sends no shutdown: its kernel is culled once idle. A page still open
    keeps its kernel however long it is idle, the preheated kernels stay, and a page whose browser
    connects late (a slow phone) still gets the kernel that waited in the pool past the idle limit."""
    server = culling_server
    paths = apps()
    pool = len(paths)
    server.wait_idle(pool)
    time.sleep(CULL_TIMEOUT_S + 2)  # every preheated kernel is now "idle" for longer than the limit

    async def scenario():
        client = room_sim.http_client()
        try:
            staying, gone, late = (room_sim.Participant(server.base) for _ in range(3))
            visit, staying_app = await staying.open(client, paths[0])
            assert staying_app is not None, visit.error
            visit, gone_app = await gone.open(client, paths[1])
            assert gone_app is not None, visit.error
            gone_app.socket.close()  # the tab is gone: no shutdown request, the connection drops
            # The late page: fetched now, its browser connects only after a couple of cull rounds.
            late_page = await late._get(client, f"{server.base}{paths[2]}")
            late_kernel = re.search(r'"kernelId": "([^"]+)"', late_page.body.decode())[1]
            await asyncio.sleep(2)
            late_app = room_sim.OpenApp(late, room_sim.Visit(paths[2], kernel_id=late_kernel), late_page.body.decode())
            await late_app.connect()
            assert "kurs-svar" in await late_app.answer()

            # Wait for the dropped page's kernel to be culled (limit + rounds + slack).
            deadline = time.monotonic() + CULL_TIMEOUT_S + 20
            while gone_app.visit.kernel_id in kernel_ids(server) and time.monotonic() < deadline:
                await asyncio.sleep(0.5)
            running = kernel_ids(server)
            assert gone_app.visit.kernel_id not in running, "kärnan till en stängd flik gallrades inte"
            await asyncio.sleep(CULL_TIMEOUT_S + 2)  # the open pages idle past the limit too
            running = kernel_ids(server)
            assert staying_app.visit.kernel_id in running, "en öppen sidas kärna gallrades"
            assert late_kernel in running, "kärnan gallrades innan sidan hann ansluta"
            assert "kurs-svar" in await staying_app.answer(), "den öppna sidans kärna svarar inte"
            await staying_app.leave(client)
            await late_app.leave(client)
        finally:
            client.close()

    room_sim.run(scenario())
    assert server.wait_idle(pool)["kernels"] == pool
    assert "Traceback" not in "".join(server.output)
