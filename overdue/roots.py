"""Root finding behind a small function that can be swapped.

``find_root(f, lo, hi)`` uses :func:`scipy.optimize.brentq` when scipy
imports, and otherwise a pure-Python port of the same algorithm (Brent's
method as implemented in scipy's ``brentq.c``), so that the in-browser build,
which has no scipy, gives the same results (to 1e-12; in practice they agree
to the last bit because the iteration is the same).

scipy is imported lazily, on the first call, so that importing this module
costs nothing and pulls in no numpy.
"""

from __future__ import annotations

import math
import sys
from typing import Callable

# The same tolerances are passed to scipy and to the fallback.
XTOL = 1e-14
RTOL = 4 * sys.float_info.epsilon
MAXITER = 200

_scipy_brentq = None  # cached scipy.optimize.brentq, or False when unavailable


def _load_scipy():
    global _scipy_brentq
    if _scipy_brentq is None:
        try:
            from scipy.optimize import brentq
        except Exception:  # ImportError, or a broken build in the browser
            _scipy_brentq = False
        else:
            _scipy_brentq = brentq
    return _scipy_brentq


def backend() -> str:
    """``"scipy"`` or ``"python"``: what ``find_root`` uses by default here."""
    return "scipy" if _load_scipy() else "python"


def find_root(
    f: Callable[[float], float],
    lo: float,
    hi: float,
    *,
    xtol: float = XTOL,
    rtol: float = RTOL,
    maxiter: int = MAXITER,
    method: str | None = None,
) -> float:
    """A root of ``f`` in ``[lo, hi]``; ``f(lo)`` and ``f(hi)`` must differ in sign.

    ``method`` is ``None`` (scipy when available, else pure Python),
    ``"scipy"`` or ``"python"``.
    """
    lo, hi = float(lo), float(hi)
    if method not in (None, "scipy", "python"):
        raise ValueError(f"unknown root-finding method {method!r}")
    brentq = _load_scipy() if method in (None, "scipy") else False
    if method == "scipy" and not brentq:
        raise RuntimeError("scipy is not available")
    if brentq:
        return float(brentq(f, lo, hi, xtol=xtol, rtol=rtol, maxiter=maxiter))
    return brent(f, lo, hi, xtol=xtol, rtol=rtol, maxiter=maxiter)


def brent(
    f: Callable[[float], float],
    xa: float,
    xb: float,
    *,
    xtol: float = XTOL,
    rtol: float = RTOL,
    maxiter: int = MAXITER,
) -> float:
    """Brent's method, a line-by-line port of scipy's ``brentq.c``."""
    xpre, xcur = float(xa), float(xb)
    xblk = fblk = spre = scur = 0.0
    fpre = float(f(xpre))
    fcur = float(f(xcur))
    if fpre == 0:
        return xpre
    if fcur == 0:
        return xcur
    if math.copysign(1.0, fpre) == math.copysign(1.0, fcur):
        raise ValueError("f(a) and f(b) must have different signs")
    for _ in range(maxiter):
        if fpre != 0 and fcur != 0 and math.copysign(1.0, fpre) != math.copysign(1.0, fcur):
            xblk, fblk = xpre, fpre
            spre = scur = xcur - xpre
        if abs(fblk) < abs(fcur):
            xpre, xcur, xblk = xcur, xblk, xcur
            fpre, fcur, fblk = fcur, fblk, fcur
        delta = (xtol + rtol * abs(xcur)) / 2
        sbis = (xblk - xcur) / 2
        if fcur == 0 or abs(sbis) < delta:
            return xcur
        if abs(spre) > delta and abs(fcur) < abs(fpre):
            if xpre == xblk:
                stry = -fcur * (xcur - xpre) / (fcur - fpre)  # interpolate
            else:
                dpre = (fpre - fcur) / (xpre - xcur)  # extrapolate
                dblk = (fblk - fcur) / (xblk - xcur)
                stry = -fcur * (fblk * dblk - fpre * dpre) / (dblk * dpre * (fblk - fpre))
            if 2 * abs(stry) < min(abs(spre), 3 * abs(sbis) - delta):
                spre, scur = scur, stry  # good short step
            else:
                spre = scur = sbis  # bisect
        else:
            spre = scur = sbis  # bisect
        xpre, fpre = xcur, fcur
        if abs(scur) > delta:
            xcur += scur
        else:
            xcur += delta if sbis > 0 else -delta
        fcur = float(f(xcur))
    raise RuntimeError(f"root finding did not converge in {maxiter} iterations")
