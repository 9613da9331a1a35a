"""`make workshop`: the exercises as apps without code, served by Voilà to a trainer's room.

- ``convert``: an exercise's MyST Markdown notebook into the app's notebook (no solutions).
- ``kernel``: what the app's notebook calls in its kernel (glued values, answer forms).
- ``server``: builds the apps and starts Voilà; ``python -m upphandlingskurs.workshop_app``.
- ``kernels``: the apps' kernels: preheated, ended when their page goes, culled when forgotten.
"""
