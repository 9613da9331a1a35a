"""`make workshop`: build the exercise apps and serve them with Voilà on the local network.

    python -m upphandlingskurs.workshop_app [--host 0.0.0.0] [--port 8866] [--out _build/workshop-appar]
        [--Klass.inställning=värde ...]   (Voilà's own settings, replacing the course's; for tests)

The Makefile and the tests (tests/test_workshop_app.py, tests/test_workshop_load.py, through
benchmarks/workshop_load.py) all run this, so the tests start the real thing.
Steps: check the data in use (UPPHANDLINGSKURS_DATA, or data/), convert every exercise in
_toc.yml into an app notebook (convert.py), lay out the Voilà template with the list of apps,
check that the port is free, then run Voilà with the course's settings, its kernels' included
(kernels.py: preheated, ended when their page goes, culled when forgotten). When it listens and
the preheated kernels have run their apps, the addresses to open and how to stop it are printed
in Swedish.

Voilà's own strings that a participant can see are Swedish through the template "kurs" (the
landing page, the loading text, the error pages) and through CourseExecutor (a cell that fails).
"""

from __future__ import annotations

import argparse
import errno
import html
import os
import re
import shutil
import socket
import sys
from pathlib import Path

import nbformat
from nbformat.sign import NotebookNotary

from upphandlingskurs.datacheck import absolute_data_env
from upphandlingskurs.errors import CourseDataError
from upphandlingskurs.network import where_to_open  # shared with workshop_site.py
from upphandlingskurs.toc import toc_docnames

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = Path(__file__).resolve().parent / "templates" / "kurs"
TOOL_CSS = ROOT / "upphandlingskurs" / "static" / "tool.css"
DEFAULT_PORT = 8866
# ipywidgets 8 in Voilà: the widgets' own lab extension (the controls) and Voilà's widget manager.
WIDGET_EXTENSIONS = ["@jupyter-widgets/jupyterlab-manager", "@voila-dashboards/widgets-manager8"]
CELL_TIMEOUT_S = 120  # one cell; the slowest app cell takes a few seconds
# After a cell has run, how long to wait for the rest of its output (nbclient's default is 4 s, then
# the output is dropped: on 2 cores busy starting a room's kernels, a preheated app then lacked a
# tool or a table). Only a late output makes it wait.
IOPUB_TIMEOUT_S = 60
KERNEL_START_TIMEOUT_S = 120  # generous: many participants may open an exercise at the same time
DEFAULT_OUT = ROOT / "_build" / "workshop-appar"
NOTARY_DIR = Path("jupyter") / "notary"  # in the output folder: the apps' signatures (build, serve)
TEMPLATE_CACHE_DIR = Path("jupyter") / "mallcache"  # in the output folder: compiled Jinja templates
TABLE_CACHE_DIR = Path("tabellcache")  # in the output folder: the checked tables (table_cache.py)

CELL_FAILED = ("Den här delen av övningen kunde inte visas. Be utbildaren titta i terminalen där "
               "appen startades.")
CELL_TIMED_OUT = ("Det tog för lång tid att räkna fram den här delen av övningen, så resten av sidan "
                  "visas inte. Ladda om sidan och försök igen.")


def exercise_sources(root: Path = ROOT) -> list[Path]:
    """The exercises in the order of _toc.yml."""
    return [root / f"{name}.md" for name in toc_docnames(root) if name.startswith("exercises/")]


def check_data() -> None:
    """Check every data file, as `make book` does first, so a bad data folder stops the start with
    one Swedish list of every problem in every file (upphandlingskurs.datacheck)."""
    from upphandlingskurs.datacheck import check_data_folder

    check_data_folder()


def build(out: Path, root: Path = ROOT) -> list[tuple[str, str]]:
    """Write the apps to out/appar and the Voilà template to out/jupyter; return (file, title)s."""
    from upphandlingskurs.data import DATA_DIR
    from upphandlingskurs.workshop_app.convert import convert

    if out.exists():
        shutil.rmtree(out)
    apps_dir = out / "appar"
    (apps_dir / "data").mkdir(parents=True)
    sources = exercise_sources(root)
    names = {source.stem for source in sources}
    # The apps are the course's own, so they are signed as trusted, in a store of their own beside them
    # (serve() points Voilà at it): otherwise every kernel start prints "Notebook … is not trusted".
    (out / NOTARY_DIR).mkdir(parents=True)
    notary = NotebookNotary(data_dir=str(out / NOTARY_DIR))
    apps = []
    for source in sources:
        app = convert(source, names)
        notary.sign(app.notebook)
        nbformat.write(app.notebook, apps_dir / f"{source.stem}.ipynb")
        for data_file in sorted(app.data_files):
            # The trainer's own data folder when UPPHANDLINGSKURS_DATA points at one.
            shutil.copyfile(DATA_DIR / data_file, apps_dir / "data" / data_file)
        apps.append((f"{source.stem}.ipynb", app.title))

    template_dir = out / "jupyter" / "voila" / "templates" / "kurs"
    shutil.copytree(TEMPLATE, template_dir)
    shutil.copyfile(TOOL_CSS, template_dir / "tool.css")
    items = "\n".join(
        f'<li><a href="{{{{ base_url }}}}voila/render/{html.escape(file)}">{html.escape(title)}</a></li>'
        for file, title in apps
    )
    (template_dir / "kurs_ovningar.html").write_text(f'<ul class="kurs-appar">\n{items}\n</ul>\n', encoding="utf-8")
    return apps


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host or "0.0.0.0", port))
        except OSError as error:
            if error.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise
    return True


def started_message(host: str, port: int) -> str:
    lines = ["", "Workshopläget är igång: övningarna visas som appar utan kod.", ""]
    return "\n".join(lines + where_to_open(host, port))


def _course_executor():
    """Voilà's executor with Swedish messages for a cell that fails or takes too long."""
    from voila.execute import VoilaExecutor, strip_code_cell_warnings

    def message_box(title: str, text: str) -> dict:
        from upphandlingskurs.feedback import note

        return {"output_type": "display_data", "metadata": {},
                "data": {"text/html": note(text, title=title).data, "text/plain": f"{title} {text}"}}

    class CourseExecutor(VoilaExecutor):
        def strip_code_cell_errors(self, cell):
            if cell["cell_type"] != "code":
                return cell
            strip_code_cell_warnings(cell)
            outputs = []
            for output in cell["outputs"]:
                if output["output_type"] != "error":
                    outputs.append(output)
                elif output.get("ename") == "CourseDataError":
                    outputs.append(message_box("Kontrollera uppgifterna:", output.get("evalue", "")))
                else:
                    outputs.append(message_box("Något gick fel.", CELL_FAILED))
            cell["outputs"] = outputs
            return cell

        def show_code_cell_timeout(self, cell):
            cell["outputs"] = [message_box("Det tog för lång tid.", CELL_TIMED_OUT)]

    return CourseExecutor


def _course_exporter(cache_dir: Path):
    """Voilà's exporter, whose Jinja templates are compiled once and then kept in ``cache_dir``.

    Voilà renders every kernel's app with a new exporter and so a new Jinja environment, which
    compiled the page's templates again: about 0.25 s of the server's single thread for every kernel
    started, which everyone else's page, scripts and answers waited behind in a room's burst. Jinja's
    own bytecode cache keeps the compiled templates (keyed by their source: a changed template is
    compiled again). All of Voilà's exporters render alike (asynchronously, same extensions)."""
    from jinja2 import FileSystemBytecodeCache
    from voila.exporter import VoilaExporter

    cache_dir.mkdir(parents=True, exist_ok=True)
    cache = FileSystemBytecodeCache(str(cache_dir))

    class CourseExporter(VoilaExporter):
        def _create_environment(self):
            environment = super()._create_environment()
            environment.bytecode_cache = cache
            return environment

    return CourseExporter


def serve(host: str, port: int, out: Path, extra_settings: list[str] | None = None) -> None:
    """Run Voilà on the apps in out/appar until Ctrl+C. ``extra_settings`` (``--Klass.setting=value``)
    replace the course's own of the same name: the tests shorten the culling time with them."""
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(out / "jupyter"), os.environ.get("JUPYTER_PATH")]))
    import tornado.ioloop
    import voila.notebook_renderer
    from traitlets import default
    from voila.app import Voila
    from voila.tornado.handler import TornadoVoilaHandler

    from upphandlingskurs.workshop_app.kernels import page_handler_with_xsrf_cookie, pools_filled, voila_arguments
    from upphandlingskurs.kernel_forks import PROVISIONER_SETTING, start_fork_server, stop_fork_server
    from upphandlingskurs.table_cache import CACHE_ENV

    voila.notebook_renderer.VoilaExecutor = _course_executor()
    voila.notebook_renderer.VoilaExporter = _course_exporter(out / TEMPLATE_CACHE_DIR)

    class CourseVoila(Voila):
        @default("tornado_settings")
        def _tornado_settings_default(self):
            # jupyter_server pings a page's kernel connection every 30 s and by default waits 90 s for
            # the answer; tornado allows no longer than the interval, uses 30 s and says so in the
            # terminal for every participant who connects. The same 30 s, set here, keeps it quiet.
            return {"ws_ping_timeout": 30_000}

        def init_handlers(self):
            # The exercise page also hands out the cookie that its kernel shutdown needs (kernels.py).
            page_handler = page_handler_with_xsrf_cookie(TornadoVoilaHandler)
            return [(route[0], page_handler, *route[2:]) if route[1] is TornadoVoilaHandler else route
                    for route in super().init_handlers()]

        def start(self):
            # Runs once the server listens (Voilà starts its loop only after the port is bound) and
            # the preheated kernels have run their apps: the first participant does not wait for them.
            async def announce():
                for problem in await pools_filled(self.kernel_manager):
                    print(f"En förberedd övning kunde inte starta: {type(problem).__name__}: {problem}",
                          file=sys.stderr, flush=True)
                print(started_message(host, port), flush=True)

            tornado.ioloop.IOLoop.current().add_callback(announce)
            super().start()

    settings = [
        str(out / "appar"),
        f"--Voila.ip={host}",
        f"--Voila.port={port}",
        "--Voila.port_retries=0",
        "--Voila.open_browser=False",
        "--Voila.log_level=WARN",
        "--VoilaConfiguration.template=kurs",
        "--VoilaConfiguration.classic_tree=True",
        "--VoilaConfiguration.theme=light",
        "--VoilaConfiguration.show_tracebacks=False",
        # ?template=lab or ?theme=dark in the address would bring back Voilà's English pages.
        "--VoilaConfiguration.allow_template_override=NO",
        "--VoilaConfiguration.allow_theme_override=NO",
        # A cell that hangs ends with CourseExecutor's Swedish message instead of a page that never loads.
        f"--VoilaExecutor.timeout={CELL_TIMEOUT_S}",
        f"--VoilaExecutor.startup_timeout={KERNEL_START_TIMEOUT_S}",
        f"--VoilaExecutor.iopub_timeout={IOPUB_TIMEOUT_S}",
        # Only the data files that the exercises offer for download (Voilà serves images by default).
        "--VoilaConfiguration.file_allowlist=data/[^/]+[.]csv",
        # Only Voilà's own widget manager: the lab extensions installed for JupyterLab (jupytext and
        # others) are built for a newer JupyterLab than Voilà's and fail in its page.
        *[f"--VoilaConfiguration.extension_allowlist={name}" for name in WIDGET_EXTENSIONS],
        "--VoilaExporter.language_code=sv",
        f"--NotebookNotary.data_dir={out / NOTARY_DIR}",
        # Preheated kernels, shutdown when a page goes, culling: see kernels.py.
        *voila_arguments(),
    ]
    # Each table is checked once, by the first kernel that reads it; the others read the checked table
    # (upphandlingskurs/table_cache.py, as in the book's build).
    os.environ[CACHE_ENV] = str(out / TABLE_CACHE_DIR)
    # The kernels are copies of a process that has imported what they need (Linux; upphandlingskurs/kernel_forks.py).
    fork_server = start_fork_server()
    if fork_server:
        settings.append(PROVISIONER_SETTING)
    # traitlets refuses a setting given twice: one of extra_settings replaces the course's own.
    replaced = {setting.split("=", 1)[0] for setting in extra_settings or []}
    settings = [setting for setting in settings if setting.split("=", 1)[0] not in replaced]
    try:
        CourseVoila.launch_instance(argv=[*settings, *(extra_settings or [])])
    finally:
        stop_fork_server(fork_server)  # after Voilà has shut its kernels down


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Övningarna som appar utan kod (Voilà).")
    parser.add_argument("--host", default="0.0.0.0", help="adressen som servern lyssnar på (0.0.0.0: hela nätverket)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"porten (standard {DEFAULT_PORT})")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="mappen som apparna byggs i")
    args, extra = parser.parse_known_args(argv)
    # Anything else must be one of Voilà's own settings (--Klass.inställning=värde), passed on as is.
    unknown = [arg for arg in extra if not re.fullmatch(r"--[A-Za-z]\w*\.\w+=.*", arg)]
    if unknown:
        parser.error(f"okänt argument: {' '.join(unknown)}")

    # The kernels run in the apps' folder: a relative UPPHANDLINGSKURS_DATA must not change meaning there.
    absolute_data_env()
    from upphandlingskurs.workshop_app.convert import ConversionError

    try:
        check_data()
        apps = build(args.out.resolve())
    except (CourseDataError, ConversionError) as error:
        print(f"Workshopläget kan inte starta. {error}", file=sys.stderr)
        return 1
    if not port_is_free(args.host, args.port):
        print(f"Porten {args.port} används redan av ett annat program. Välj en annan port, till exempel "
              f"make workshop PORT={args.port + 1}", file=sys.stderr)
        return 1
    print(f"{len(apps)} övningar är klara som appar i {args.out}. Startar servern och förbereder "
          "övningarna. Det kan ta en halv minut …", flush=True)
    serve(args.host, args.port, args.out.resolve(), extra)
    return 0
