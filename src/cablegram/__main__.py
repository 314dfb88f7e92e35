"""``python -m cablegram`` is the ``cablegram`` command."""

from .commands import main

main()
