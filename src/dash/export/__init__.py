"""Exports: chart images, table downloads and slide decks, all made on this machine."""
