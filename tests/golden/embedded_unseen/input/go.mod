module example.com/unseen

go 1.24

// Never in any module cache: its types stay unseen wherever the golden runs.
require example.invalid/basemodel v1.2.3
