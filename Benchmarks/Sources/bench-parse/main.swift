print("bench-parse: not written yet")
