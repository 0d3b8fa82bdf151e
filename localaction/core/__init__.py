"""The pure calculation core: methods and reference data, no Django.

The web layers call into this package; it never imports from them (a test
guards the boundary), so every method here can be used and tested on its own.
"""
