"""Readers and writers of the people app's files: rosters and development histories as .xlsx
or .csv. Plain adapters: they read and write streams and never touch the database."""
