print("bench-local: not written yet")
