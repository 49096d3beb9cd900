"""Importing legacy minutes (text, Word, PDF) into Minutebook meeting files.

extract -> parse -> names -> write, with report telling the clerk what was found
and every line that could not be placed. Plain Python: nothing here imports MkDocs.
"""
