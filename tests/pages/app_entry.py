"""AppTest entry point outside the app folder.

AppTest treats a script whose folder holds ``pages/`` as a legacy multipage app
and then skips ``app.py``'s frame after ``switch_page``. Running ``main()`` from
here keeps the real ``st.navigation`` flow, with page paths resolved from app.py.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import app  # noqa: E402

app.main()
