import { Link, sidebarConfig, useSidebarOpenState } from '@backstage/core-components';
import { GoldenPathLogo } from '../brand/GoldenPathLogo';
import { GoldenPathMark } from '../brand/GoldenPathMark';

/** The logo at the top of the sidebar: the mark alone when the sidebar is folded. */
export function SidebarLogo() {
  const { isOpen } = useSidebarOpenState();
  return (
    <div
      style={{
        height: 3 * sidebarConfig.logoHeight,
        display: 'flex',
        alignItems: 'center',
        paddingLeft: 24,
        marginBottom: -14,
      }}
    >
      <Link to="/" underline="none" aria-label="Golden Path home">
        {isOpen ? <GoldenPathLogo /> : <GoldenPathMark size={28} />}
      </Link>
    </div>
  );
}
