"""Streamlit layout shared by the frame and the pages. The only package that imports Streamlit."""
