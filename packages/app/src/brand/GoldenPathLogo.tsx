import { GoldenPathMark, goldenPathColors } from './GoldenPathMark';

/** The mark with the product name beside it, for the open sidebar and the sign-in page. */
export function GoldenPathLogo(props: { inverted?: boolean }) {
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 10 }}>
      <GoldenPathMark size={30} />
      <span
        style={{
          fontWeight: 700,
          fontSize: 20,
          letterSpacing: 0.3,
          whiteSpace: 'nowrap',
          color: props.inverted ? goldenPathColors.navy : '#ffffff',
        }}
      >
        Golden <span style={{ color: goldenPathColors.gold }}>Path</span>
      </span>
    </span>
  );
}
