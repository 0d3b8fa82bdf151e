#!/usr/bin/env python
from localaction.__main__ import main

if __name__ == "__main__":
    main()
