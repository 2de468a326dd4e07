"""``python -m service heroes.csv``: the nightly export, as a script.

A module whose only entry is its ``__main__`` guard is a *script* (pyexpert's file roles): the
rules about application design (PX1, PX208, PX4-PX6...) do not apply to it.
"""

import sys

from .export import main

if __name__ == "__main__":
    main(sys.argv[1])
