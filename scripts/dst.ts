process.stderr.write("dst: not built yet\n");
process.exitCode = 2;
