import { RELATION_OWNED_BY } from '@backstage/catalog-model';
import { MarkdownContent } from '@backstage/core-components';
import { EntityRefLinks, getEntityRelations } from '@backstage/plugin-catalog-react';
import type { TemplateCardComponentProps } from '@backstage/plugin-scaffolder-react/alpha';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Card from '@material-ui/core/Card';
import CardActions from '@material-ui/core/CardActions';
import CardContent from '@material-ui/core/CardContent';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { ANNOTATION_PARTS, goldenPathVersion, parsePartRefs } from '@golden-path/common';
import { goldenPathColors } from '../brand/GoldenPathMark';

/**
 * A golden path on the Create page: its title and version, what a team gets (the template's
 * description), the shared parts it composes, and who maintains it.
 */
export function GoldenPathTemplateCard(props: TemplateCardComponentProps) {
  const { template, onSelected } = props;
  const version = goldenPathVersion(template);
  const parts = parsePartRefs(template.metadata.annotations?.[ANNOTATION_PARTS]);
  const owners = getEntityRelations(template, RELATION_OWNED_BY);
  const title = template.metadata.title ?? template.metadata.name;

  return (
    <Card
      data-testid="golden-path-card"
      data-template={template.metadata.name}
      style={{ height: '100%', display: 'flex', flexDirection: 'column' }}
    >
      <Box style={{ background: goldenPathColors.navy, color: '#fff', padding: '16px 16px 12px' }}>
        <Typography variant="overline" style={{ color: goldenPathColors.gold, lineHeight: 1.5 }}>
          Golden path{template.spec.type ? ` · ${template.spec.type}` : ''}
        </Typography>
        <Typography variant="h6" component="h2" style={{ lineHeight: 1.3 }}>
          {title}
        </Typography>
        <Typography variant="body2" data-testid="golden-path-version" style={{ opacity: 0.85 }}>
          {version ? `Version ${version}` : 'Unversioned'}
        </Typography>
      </Box>
      <CardContent style={{ flex: 1 }}>
        <Typography variant="subtitle2" gutterBottom>
          What you get
        </Typography>
        <MarkdownContent content={template.metadata.description ?? 'No description.'} />
        {parts.length > 0 && (
          <>
            <Typography variant="subtitle2" style={{ marginTop: 12 }} gutterBottom>
              Built from the shared parts
            </Typography>
            <Box display="flex" flexWrap="wrap" style={{ gap: 6 }}>
              {parts.map(part => (
                <Chip key={part.id} size="small" label={part.range ? `${part.id} ${part.range}` : part.id} />
              ))}
            </Box>
          </>
        )}
        {template.metadata.tags?.length ? (
          <Box display="flex" flexWrap="wrap" style={{ gap: 6, marginTop: 12 }}>
            {template.metadata.tags.map(tag => (
              <Chip key={tag} size="small" variant="outlined" label={tag} />
            ))}
          </Box>
        ) : null}
      </CardContent>
      <CardActions style={{ justifyContent: 'space-between', padding: 16 }}>
        <Typography variant="body2" component="span">
          {owners.length > 0 && (
            <>
              Maintained by <EntityRefLinks entityRefs={owners} defaultKind="Group" hideIcons />
            </>
          )}
        </Typography>
        <Button variant="contained" color="primary" size="small" onClick={() => onSelected?.()}>
          Choose
        </Button>
      </CardActions>
    </Card>
  );
}
