"""``python -m cablegram.commands`` is the ``cablegram`` command."""

from . import main

main()
