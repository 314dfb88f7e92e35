"""Attribution: who said what, directly quoted or reported."""
