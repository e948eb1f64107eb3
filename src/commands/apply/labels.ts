/** Label Nodes for Dataset: `kubectl label nodes NODE dataset=NAME` (and `dataset-`) through the API. */
import { clusterNodeOf, optionsOf, type CommandTarget } from '../../core/command-target';
import { done, stopped, type ApplyDeps, type ApplyOutcome } from './deps';

export const DATASET_LABEL = 'dataset';

export interface LabelArgs {
  nodes?: string[];
  dataset?: string;
  /** true: remove the label from the nodes */
  remove?: boolean;
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export async function labelNodes(deps: ApplyDeps, target: CommandTarget): Promise<ApplyOutcome> {
  const node = clusterNodeOf(target);
  const args: LabelArgs = node ? { nodes: [node] } : optionsOf<LabelArgs>(target);
  const client = await deps.client();
  let remove = args.remove ?? (args.dataset !== undefined ? false : undefined);
  if (remove === undefined) {
    remove = await deps.prompter.pickOne(
      [
        { label: `Set ${DATASET_LABEL}=NAME`, value: false },
        { label: `Remove the ${DATASET_LABEL} label`, value: true },
      ],
      { title: 'Label Nodes for Dataset' },
    );
    if (remove === undefined) return stopped('declined');
  }
  let dataset = args.dataset;
  if (!remove && dataset === undefined) {
    dataset = await deps.prompter.input({
      title: 'Dataset name (the node label value)',
      value: 'mnist',
      validate: (v) =>
        v && v.length <= 63 && LABEL_VALUE.test(v)
          ? undefined
          : 'letters, digits, "-", "_" and ".", starting and ending with a letter or digit, at most 63 characters',
    });
    if (!dataset) return stopped('declined');
  }
  if (!remove && (!dataset || dataset.length > 63 || !LABEL_VALUE.test(dataset)))
    return stopped('invalidLabel', `"${dataset}" is not a valid label value.`);
  let nodes = args.nodes;
  if (!nodes?.length) {
    const all = (await client.list('nodes', '')).items;
    nodes = await deps.prompter.pickMany(
      all.map((n) => ({
        label: n.metadata.name,
        description: n.metadata.labels?.[DATASET_LABEL] ? `${DATASET_LABEL}=${n.metadata.labels[DATASET_LABEL]}` : '',
        picked: !remove ? n.metadata.labels?.[DATASET_LABEL] === dataset : !!n.metadata.labels?.[DATASET_LABEL],
        value: n.metadata.name,
      })),
      { title: remove ? `Remove ${DATASET_LABEL} from nodes` : `Nodes that cache dataset ${dataset}` },
    );
    if (!nodes?.length) return stopped('declined');
  }
  for (const n of nodes) await client.patchNodeLabels(n, { [DATASET_LABEL]: remove ? null : dataset! });
  const message = remove
    ? `Removed the ${DATASET_LABEL} label from ${nodes.join(', ')}.`
    : `Labelled ${nodes.join(', ')} with ${DATASET_LABEL}=${dataset}.`;
  deps.log.info(message);
  void deps.prompter.info(message);
  return done(remove ? 'unlabelled' : 'labelled', message, { nodes });
}
