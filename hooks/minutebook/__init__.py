"""Minutebook engine: meeting minutes in, a linked public archive out.

Plain Python with no MkDocs imports, so the product outlives its front end.
Data flows one way: files -> validated model -> indexes -> pages, feeds and data.
"""
