import { useEffect } from 'react';
import { ru } from '../i18n/ru';

/** Sets the tab's title: the screen's name, then the product's. */
export function usePageTitle(title: string) {
  useEffect(() => {
    document.title = title + ru.app.titleSuffix;
  }, [title]);
}
