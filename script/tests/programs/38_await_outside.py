import time
await time.sleep(1)
