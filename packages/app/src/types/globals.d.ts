// Type-checking only (tsc -p packages/app). The hoisted @types/react is v19, which dropped the
// global JSX namespace that Backstage's .d.ts files and react-markdown still name: alias it.
import type * as React from 'react';

declare global {
  namespace JSX {
    type Element = React.JSX.Element;
    type ElementClass = React.JSX.ElementClass;
    type IntrinsicElements = React.JSX.IntrinsicElements;
  }
}
