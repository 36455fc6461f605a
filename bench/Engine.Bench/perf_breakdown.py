#!/usr/bin/python3
"""Where a training step's time goes, from a perf recording of Engine.Bench.

Groups every sample by what it was doing (the leaf: a GEMM kernel, packing, the gate math, Adam, ...) and
for whom (the first engine layer or model method on its stack: the forward step's recurrent product, the
backward one, the weight gradients, ...). Record with the JIT's symbols, then pipe perf script in:

  DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 dotnet bench/Engine.Bench/bin/Release/net10.0/Engine.Bench.dll \\
      compare --units 128 --seq 10 --repeats 200 --no-torch &
  sleep 5; timeout -s INT 10 perf record -F 2999 -g -p $! -o step.data; kill %1
  perf script -i step.data | /usr/bin/python3 bench/Engine.Bench/perf_breakdown.py [rows]
"""
import collections
import re
import sys

CONTEXT = re.compile(r'(RecurrentLayer::\w+|LstmLayer::\w+|GruLayer::\w+|RecurrentRegressor::\w+|TrainingSession::\w+'
                     r'|DenseHead::\w+|\w*Optimizer::\w+)')
LEAVES = [(r'GemmKernel\w+::Run', 'GEMM micro-kernel'), (r'GemmSkinny::', 'GEMM skinny path'), (r'GemmPack::PackA', 'pack A'),
          (r'GemmPack::PackB', 'pack B'), (r'GemmDriver::', 'GEMM loops'), (r'LstmKernels::Forward', 'LSTM gate math, forward'),
          (r'LstmKernels::Backward', 'LSTM gate math, backward'), (r'GruKernels::Forward', 'GRU gate math, forward'),
          (r'GruKernels::Backward', 'GRU gate math, backward'), (r'TensorPrimitives', 'TensorPrimitives (bias sums, dropout)'),
          (r'FillDropoutMask', 'dropout masks'), (r'AdamOptimizer|RmsProp|SgdMomentum', 'optimizer'),
          (r'memset|ZeroMemory|Clear', 'memset'), (r'Memmove|memmove|memcpy', 'copies'), (r'FmaPeak', 'the bench\'s FMA peak'),
          (r'\[k\]|kernel\.kallsyms', 'OS kernel')]


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 25
    counts = collections.Counter()
    total = 0
    stack = []

    def flush():
        nonlocal total
        if not stack:
            return
        total += 1
        leaf = stack[0]
        name = next((simple for pattern, simple in LEAVES if re.search(pattern, leaf)), re.sub(r'\(.*', '', leaf)[-50:])
        context = next((m.group(1) for frame in stack[1:] if (m := CONTEXT.search(frame))), '-')
        counts[(name, context)] += 1

    for line in sys.stdin:
        line = line.rstrip('\n')
        if not line.strip():
            flush()
            stack.clear()
        elif line.startswith((' ', '\t')):
            parts = line.strip().split(' ', 1)
            stack.append(parts[1] if len(parts) > 1 else parts[0])
    flush()
    for (name, context), c in counts.most_common(rows):
        print(f"{100 * c / total:6.2f} %  {name:38s} {context}")


if __name__ == '__main__':
    main()
