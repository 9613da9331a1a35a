"""The workshop's kernels: started before anyone asks, ended when their page goes, culled when forgotten.

Every open exercise page has a kernel of its own (its widgets' Python). On Linux each kernel is a
copy of a process that has already imported ipykernel, pandas, pandera, ipywidgets and the course's
tools (upphandlingskurs/kernel_forks.py), and each table is checked once (table_cache.py): on the trainer's 2-core
laptop a kernel then costs about 0.2 s of CPU to start and run its app, and about 45 MB (PSS: the
copies share the imported modules' memory). Started as a new Python, as elsewhere, it costs about
1.1 s and 85–125 MB. Three more things keep a room of participants fast and the laptop's memory
flat; all three are Voilà's and jupyter_server's own settings (``voila_arguments``):

- **Preheated kernels** (``VoilaConfiguration.preheat_kernel``, Voilà's ``VoilaKernelManager``): for
  every exercise Voilà keeps ``POOL_SIZE`` kernels that have already run the whole app. A page that
  takes one is sent at once (the HTML is already rendered); Voilà then starts a replacement.
- **Shutdown when the page goes**: Voilà's page sends ``POST voila/api/shutdown/<kernel>`` with the
  ``_xsrf`` cookie's value (a beacon on ``beforeunload``; the course's template adds one on
  ``pagehide`` for phones). Voilà's page handler never sets that cookie, so the server refused every
  shutdown (``403 '_xsrf' argument missing``) and each closed tab or reload left its kernel behind.
  ``page_handler_with_xsrf_cookie`` hands out the cookie with the page, as JupyterLab's pages do.
- **Culling** (``MappingKernelManager.cull_*``): a kernel whose page is gone without saying so (a
  phone that killed its tab, a dropped network) is ended after ``CULL_IDLE_TIMEOUT_S`` without a
  connection. Kernels with an open page are never culled, however long the participant reads,
  and Voilà never culls its preheated kernels. ``CourseKernelManager`` starts a preheated kernel's
  idle time when a page takes it (otherwise one that waited long in the pool could be culled
  before the page had connected).
"""

from __future__ import annotations

import asyncio
import os

from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

# Preheated kernels per exercise. Every participant costs the laptop one kernel start (with forked
# kernels about 0.4 s of CPU with the server's share, benchmarks/workshop_load.py); the pool only
# moves that work to before they arrive. A room that opens an exercise within some seconds is served
# from the pool and its replacements, which start as soon as a kernel is taken (measured: 10 within
# 10 s, none waits). Participants beyond the pool who come at the very same moment share the 2 cores
# with every kernel still starting (measured with forked kernels: 10 at once, the last after 2.7–3.3 s;
# 30, after 8–8.5 s; started as new Pythons 7–9 s and 20–22 s). Three or four per exercise made no
# clear difference to 10 at once (the replacements compete for the same cores). Two per exercise
# give two participants arriving together an instant page while replacements start, and cost 12 idle
# kernels: with the server and the fork server about 0.7 GB. Starting them takes the 2 cores 6–7 s
# after `make workshop`, before the server says it is ready.
POOL_SIZE = 2
# Seconds before Voilà replaces a kernel taken from the pool. Voilà counts a replacement that is
# still starting as part of the pool and gives it to the next page, which then waits for this
# delay too: 0 starts it at once, so a burst's later pages wait only for the start itself.
FILL_DELAY_S = 0
# A kernel without any open page is ended after this many seconds without a message. Long enough
# for a phone that sleeps through a discussion and then reconnects (its page keeps working), short
# enough that kernels of tabs closed without a shutdown (a phone that drops a tab) do not pile up
# over a day: at most a quarter of an hour's worth of them.
CULL_IDLE_TIMEOUT_S = 15 * 60
# How often the culler looks (a cheap loop over the kernels).
CULL_INTERVAL_S = 60


def page_handler_with_xsrf_cookie(handler_class):
    """Voilà's exercise page handler, which also gives the page the ``_xsrf`` cookie.

    Voilà's page reads the cookie to send the kernel shutdown when it is closed or reloaded, and the
    server checks the two against each other. Tornado sets the cookie when a handler reads
    ``xsrf_token`` and the browser has none yet; JupyterLab's pages do that while rendering, Voilà's
    notebook page does not (and a preheated page is rendered before any request). Reading it once the
    request is authenticated, before anything is sent, puts the cookie in the page's headers, for a
    participant who comes straight to an exercise as for one who comes from the list. The check
    itself stays as strict as jupyter_server makes it (no ``disable_check_xsrf``)."""

    class CoursePageHandler(handler_class):
        async def prepare(self):
            await super().prepare()
            self.xsrf_token  # noqa: B018 - the property sets the cookie when the browser has none

    return CoursePageHandler


class CourseKernelManager(AsyncMappingKernelManager):
    """jupyter_server's kernel manager (Voilà's default), whose culler counts a preheated kernel's
    idle time from when a page took it, not from when it was started.

    A preheated kernel may wait in Voilà's pool for hours, untouched, and Voilà keeps the culler away
    from it there. When a page takes it, it has no connection until the participant's browser has
    loaded the page and connected, a few seconds later. A culler round in between would end it at
    once (idle for hours, no connection), and the participant would get an exercise whose controls
    do nothing. Voilà shows the culler a kernel only while it is starting (for the pool or for a
    page) and once it is out of the pool: the first time the culler sees a kernel that has started,
    its idle time starts (for a kernel started for a page, that changes next to nothing).
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._seen_by_culler: set[str] = set()

    async def cull_kernel_if_idle(self, kernel_id):
        self._seen_by_culler.intersection_update(self._kernels)  # forget kernels that have ended
        kernel = self._kernels.get(kernel_id)
        if kernel is not None and kernel_id not in self._seen_by_culler:
            if getattr(kernel, "execution_state", None) != "starting":  # still starting: maybe for the pool
                self._seen_by_culler.add(kernel_id)
                kernel.last_activity = utcnow()
            return None
        return await super().cull_kernel_if_idle(kernel_id)


def voila_arguments(pool_size: int = POOL_SIZE) -> list[str]:
    """Voilà's and jupyter_server's settings for the kernels, as command-line arguments."""
    return [
        f"--VoilaConfiguration.multi_kernel_manager_class={CourseKernelManager.__module__}.{CourseKernelManager.__name__}",
        "--VoilaConfiguration.preheat_kernel=True",
        f"--VoilaConfiguration.default_pool_size={pool_size}",
        f"--VoilaKernelManager.fill_delay={FILL_DELAY_S}",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_TIMEOUT_S}",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL_S}",
        # The defaults, written out because the reasoning above depends on them: an open page keeps
        # its kernel, and a kernel that is computing is never ended.
        "--MappingKernelManager.cull_connected=False",
        "--MappingKernelManager.cull_busy=False",
        # The server talks to its kernels over Unix sockets in its own temporary folder instead of TCP
        # ports: no port can be taken by another program between choosing and binding it while a
        # dozen kernels start at once, and no kernel prints "running over TCP without encryption"
        # into the trainer's terminal. (Windows has no such sockets: TCP there, Jupyter's default.)
        *(["--KernelManager.transport=ipc"] if os.name == "posix" else []),
    ]


async def pools_filled(kernel_manager) -> list[BaseException]:
    """Wait until every exercise's preheated kernels have started and run their app; return what
    went wrong on the way (nothing, normally).

    Voilà 0.5 keeps each notebook's pool as a list of start-up tasks (``VoilaKernelManager._pools``);
    without one (preheating off, another Voilà) there is nothing to wait for."""
    pools = getattr(kernel_manager, "_pools", {})
    started = await asyncio.gather(*[task for pool in list(pools.values()) for task in list(pool)],
                                   return_exceptions=True)
    # Each started kernel runs its app in a task of its own (the rendering that a page will get).
    renderings = [result["task"] for result in started if isinstance(result, dict) and "task" in result]
    rendered = await asyncio.gather(*renderings, return_exceptions=True)
    return [result for result in [*started, *rendered] if isinstance(result, BaseException)]
