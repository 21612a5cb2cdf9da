"""Gates every built site passes before it is published.

Each module owns one gate and exposes ``check(site, settings) -> GateResult``;
``run.py`` lists the gates, runs them over one output folder and formats the
report. ``scripts/check_site.py`` is the command line (``invoke check``,
``make check``). The gates read only the written files: they judge what a
reader would be sent, whatever built it.
"""
