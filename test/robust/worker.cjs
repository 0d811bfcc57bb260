'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { train, cr } = require('./train-step.cjs');

const result = train(workerData.seed, workerData.steps);
parentPort.postMessage({ ...result, backend: cr.backendInfo().backend });
