print("bench-output: not written yet")
