module ftplab

go 1.26
