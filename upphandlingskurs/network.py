"""This computer's addresses on the local network, for the workshop servers' start messages
(`make workshop`: workshop_app/server.py, `make workshop-sidor`: workshop_site.py).

Kept apart from the servers so that printing them imports nothing heavy.
"""

from __future__ import annotations

import socket
import subprocess


def addresses(host: str, port: int) -> list[str]:
    """The addresses to open: this computer's own, and those of the network when host is 0.0.0.0."""
    if host not in ("0.0.0.0", ""):
        return [f"http://{host}:{port}/"]
    found: list[str] = []
    try:  # Debian: every address of every network interface, no traffic sent
        output = subprocess.run(["hostname", "-I"], capture_output=True, text=True, timeout=5).stdout
        found = [address for address in output.split() if ":" not in address]
    except (OSError, subprocess.SubprocessError):
        pass
    if not found:
        try:
            found = sorted({info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)})
        except OSError:
            found = []
    network = [f"http://{address}:{port}/" for address in found if not address.startswith("127.")]
    return network + [f"http://localhost:{port}/"]


def where_to_open(host: str, port: int) -> list[str]:
    """The lines of a start message that say who opens which address, and how to stop the server."""
    urls = addresses(host, port)
    network = [url for url in urls if "localhost" not in url]
    if host.startswith("127.") or host == "localhost":
        lines = ["Servern kan bara nås från den här datorn. Öppna adressen i webbläsaren:"]
        lines += [f"    {url}" for url in urls]
    elif network:
        lines = ["Deltagare i samma nätverk öppnar en av de här adresserna i sin webbläsare:"]
        lines += [f"    {url}" for url in network]
        lines += ["", "På den här datorn:", f"    http://localhost:{port}/"]
    else:
        lines = ["Datorn har ingen adress i ett nätverk. Anslut den till rummets nätverk och starta om. "
                 "På den här datorn:"]
        lines += [f"    {url}" for url in urls]
    return lines + ["", "Stoppa servern med Ctrl+C i det här fönstret.", ""]
