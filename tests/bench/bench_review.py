"""How long the review UI takes to open on N findings (run by hand): python tests/bench/bench_review.py [N]."""

from __future__ import annotations

import asyncio
import sys
import time

from termqa.model import Finding, Segment, Severity, Side
from termqa.review import ReviewSession
from termqa.tui import ReviewApp


async def main(n: int) -> None:
    segments = {}
    findings = []
    for i in range(n):
        text = f"Paragraph {i}: the minister Zheng Yirong met reporters in a major major city."
        segments[("big.txt", i + 1, None)] = Segment("big.txt", i + 1, None, "big.txt", None, text)
        start = text.index("Zheng")
        findings.append(Finding("big.txt", i + 1, None, "big.txt", Side.TARGET, start, start + 12, "Zheng Yirong",
                                "term-forbidden", Severity.ERROR, "forbidden", ("Chung Eui-yong",), "chung"))
    started = time.perf_counter()
    app = ReviewApp(ReviewSession.of(findings), segments)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        opened = time.perf_counter() - started
        t = time.perf_counter()
        for _ in range(50):
            await pilot.press("n")
        moved = (time.perf_counter() - t) / 50
        t = time.perf_counter()
        await pilot.press("f")
        decided = time.perf_counter() - t
    print(f"{n:,} findings: opened in {opened:.2f} s; next finding {moved * 1000:.0f} ms; a fix {decided * 1000:.0f} ms")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))
