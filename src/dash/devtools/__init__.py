"""Tools for developers, kept apart from the app: the benchmark, the synthetic store, the local test
server and the generators of large test inputs. Nothing in the app imports from here."""
