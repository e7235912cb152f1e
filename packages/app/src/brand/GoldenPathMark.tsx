/**
 * Our mark: a road that winds up to a star (the golden path to a compliant service).
 * The same drawing as public/favicon.svg.
 */
export const goldenPathColors = {
  gold: '#f2b632',
  navy: '#1b2a41',
} as const;

export function GoldenPathMark(props: { size?: number; title?: string }) {
  const size = props.size ?? 32;
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 32 32"
      width={size}
      height={size}
      role="img"
      aria-label={props.title ?? 'Golden Path'}
    >
      <rect width="32" height="32" rx="7" fill={goldenPathColors.navy} />
      <path
        d="M8 27c0-7 16-6 16-13 0-4-4-6-8-6"
        fill="none"
        stroke={goldenPathColors.gold}
        strokeWidth="3.5"
        strokeLinecap="round"
      />
      <path d="M16 3.5l1.3 2.7 3 .4-2.2 2.1.5 3-2.6-1.4-2.6 1.4.5-3-2.2-2.1 3-.4z" fill={goldenPathColors.gold} />
    </svg>
  );
}
