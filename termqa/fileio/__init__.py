"""Provides file input and output: decoding, safe XML, atomic writes, corpus and glossary formats."""
