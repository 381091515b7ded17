"""The HTML report a person reads: the verdict and its reasons first, then each window
(accepted, limited, first limited answer, Retry-After and Reset seen), then a chart of
accepted and limited answers per second against the documented limit.

The chart is Plotly's (plotly.py writes the figure, plotly.js is embedded in the page):
one self-contained file that works offline, with hover values and zoom for runs of
thousands of seconds, from a pure-Python wheel with no compiled dependencies.
"""

from __future__ import annotations

import time
from html import escape
from pathlib import Path

import plotly.graph_objects as go

from loadtests.report.summary import HOLDS, VIOLATED, Summary

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:72rem;color:#222}
h1{padding:.6rem 1rem;border-radius:.4rem;color:#fff;margin-top:0}
h1.holds{background:#2e7d32}h1.violated{background:#c62828}h1.tool{background:#6d4c41}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.25rem .6rem}
th{background:#f3f3f3;text-align:left}td.n{text-align:right}ul.reasons li{color:#b71c1c}
"""


def _when(moment: float | None) -> str:
    if moment is None:
        return ""
    return time.strftime("%H:%M:%S", time.gmtime(moment)) + " UTC"


def chart(summary: Summary) -> go.Figure:
    seconds = [s.at for s in summary.seconds]
    figure = go.Figure()
    for kind, color, label in (
        ("accepted", "#2e7d32", "accepted"),
        ("limited", "#ef6c00", f"limited ({summary.limited_status}, expected)"),
        ("wrong", "#c62828", "wrong"),
    ):
        figure.add_trace(
            go.Bar(
                x=seconds,
                y=[getattr(s, kind) for s in summary.seconds],
                name=label,
                marker_color=color,
            )
        )
    if seconds:
        figure.add_trace(
            go.Scatter(
                x=[seconds[0] - 0.5, seconds[-1] + 0.5],
                y=[summary.documented_rate] * 2,
                mode="lines",
                name=f"documented limit {summary.documented_rate:.3g}/s",
                line={"color": "#1565c0", "dash": "dash", "width": 2},
            )
        )
    figure.update_layout(
        barmode="stack",
        title="Answers per second",
        xaxis_title="seconds since the first request",
        yaxis_title="answers per second",
        legend={"orientation": "h", "y": -0.2},
        margin={"l": 60, "r": 20, "t": 50, "b": 60},
        height=420,
    )
    return figure


def render(summary: Summary) -> str:
    css = {HOLDS: "holds", VIOLATED: "violated"}.get(summary.verdict, "tool")
    parts = [
        f'<h1 id="verdict" class="{css}">{escape(summary.verdict)}: {escape(summary.title)}</h1>'
    ]
    if summary.reasons:
        parts.append('<ul class="reasons" id="reasons">')
        parts += [f"<li>{escape(reason)}</li>" for reason in summary.reasons]
        parts.append("</ul>")
    parts.append(f"<p>Checked: {escape(summary.documented)}.</p>")
    parts.append(
        f'<p id="totals">{summary.responses} answers: <b>{summary.accepted}</b> accepted, '
        f"<b>{summary.limited}</b> limited ({summary.limited_status}, expected), "
        f"<b>{summary.wrong}</b> wrong.</p>"
    )
    if summary.facts:
        parts.append("<ul>" + "".join(f"<li>{escape(f)}</li>" for f in summary.facts) + "</ul>")
    parts.append("<h2>Windows</h2>")
    parts.append(
        '<table id="windows"><tr><th>window start</th>'
        f"<th>accepted (limit {summary.limit})</th><th>limited</th>"
        "<th>wrong</th><th>first limited after</th><th>Retry-After seen (s)</th>"
        "<th>Reset seen</th></tr>"
    )
    for window in summary.windows:
        first = "" if window.first_limited_after is None else f"{window.first_limited_after:.2f}s"
        parts.append(
            f"<tr><td>{_when(window.start)}</td><td class=n>{window.accepted}</td>"
            f"<td class=n>{window.limited}</td><td class=n>{window.wrong}</td><td>{first}</td>"
            f"<td>{escape(_span(window.retry_after))}</td>"
            f"<td>{escape(_span(window.reset))}</td></tr>"
        )
    parts.append("</table>")
    parts.append("<h2>Over time</h2>")
    parts.append(chart(summary).to_html(full_html=False, include_plotlyjs=True, div_id="chart"))
    if summary.wrong_reasons:
        parts.append("<h2>Wrong answers</h2><table><tr><th>reason</th><th>count</th></tr>")
        parts += [
            f"<tr><td>{escape(r)}</td><td class=n>{n}</td></tr>"
            for r, n in summary.wrong_reasons.items()
        ]
        parts.append("</table>")
    if summary.workers:
        parts.append(
            '<h2>Workers</h2><table id="workers"><tr><th>worker</th><th>observations</th>'
            "<th>joined</th><th>final report</th></tr>"
        )
        for worker in summary.workers:
            parts.append(
                f"<tr><td>{escape(worker.name)}</td><td class=n>{worker.observations}</td>"
                f"<td>{_when(worker.joined)}</td>"
                f"<td>{'received' if worker.finished else 'missing (left early)'}</td></tr>"
            )
        parts.append("</table>")
    body = "\n".join(parts)
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(summary.verdict)}: {escape(summary.title)}</title>"
        f"<style>{_STYLE}</style></head><body>\n{body}\n</body></html>\n"
    )


def _span(values: list[int]) -> str:
    if not values:
        return ""
    if len(values) <= 6:
        return ", ".join(map(str, values))
    return f"{values[0]}..{values[-1]} ({len(values)} values)"


def write_html(summary: Summary, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(summary), encoding="utf-8")
