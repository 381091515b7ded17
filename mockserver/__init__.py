"""Understudy's mock server: every API's spec served with real behaviour."""

import warnings

# Connexion imports Starlette's test client at import time; the warning is not ours.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
