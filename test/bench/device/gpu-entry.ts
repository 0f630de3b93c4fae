import run from '../gpu.bench';

// The gpu benchmark as one file for the device kit (test/bench/device/build-kit.mjs).
process.exitCode = await run(process.argv.slice(2));
