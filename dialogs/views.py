View = object  # replaced below
