import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useEffect, useState } from 'react';

/** The Template whose task upgrades a service (catalog/: golden-path:upgrade opens the pull request). */
export const UPGRADE_TEMPLATE_REF = 'template:default/golden-path-upgrade';

type Run =
  | { state: 'idle' }
  | { state: 'running' | 'completed' | 'failed'; taskId: string }
  | { state: 'refused'; message: string };

/**
 * Starts the upgrade Template's task for this entity and follows it; when it completes, `onDone`
 * reloads the pull requests (the card then links to the new one). The task page shows its log.
 */
export function UpgradeButton(props: {
  entityRef: string;
  toVersion: string;
  onStart: () => void;
  onDone: () => void;
}) {
  const scaffolder = useApi(scaffolderApiRef);
  const [run, setRun] = useState<Run>({ state: 'idle' });
  const { onDone } = props;

  useEffect(() => {
    if (run.state !== 'running') return undefined;
    let live = true;
    const poll = async () => {
      while (live) {
        await new Promise(r => setTimeout(r, 1500));
        const task = await scaffolder.getTask(run.taskId).catch(() => undefined);
        if (!live || !task) continue;
        if (task.status === 'completed' || task.status === 'failed' || task.status === 'cancelled') {
          setRun({ state: task.status === 'completed' ? 'completed' : 'failed', taskId: run.taskId });
          onDone();
          return;
        }
      }
    };
    void poll();
    return () => {
      live = false;
    };
  }, [run, scaffolder, onDone]);

  const start = async () => {
    try {
      const { taskId } = await scaffolder.scaffold({
        templateRef: UPGRADE_TEMPLATE_REF,
        values: { entityRef: props.entityRef, toVersion: props.toVersion },
      });
      setRun({ state: 'running', taskId });
      props.onStart();
    } catch (error) {
      setRun({ state: 'refused', message: (error as Error).message });
    }
  };

  const taskLink = 'taskId' in run ? <Link to={`/create/tasks/${run.taskId}`}>the task</Link> : null;
  return (
    <div data-testid="golden-path-upgrade" style={{ marginTop: 8 }}>
      <Button
        variant="contained"
        color="primary"
        disabled={run.state === 'running' || run.state === 'completed'}
        onClick={start}
      >
        Upgrade to {props.toVersion}
      </Button>
      <Typography variant="body2" component="span" style={{ marginLeft: 8 }}>
        {run.state === 'running' && <>Upgrading… ({taskLink})</>}
        {run.state === 'completed' && <>Pull request opened ({taskLink}).</>}
        {run.state === 'failed' && <>The upgrade failed: see {taskLink}.</>}
        {run.state === 'refused' && <>The upgrade could not start: {run.message}</>}
      </Typography>
    </div>
  );
}
