"""Word templates: the set of an archive, their schemas, the compiled renderer and the template check."""
