"""Actors: mentions resolved to canonical actors with country, sector and roles."""
