print("callq")
