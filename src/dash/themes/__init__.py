"""Coding key points with themes: the codebook, the rule tagger, reviewers' decisions, agreement."""
