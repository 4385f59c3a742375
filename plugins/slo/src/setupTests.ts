import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The first render of a test app loads the whole app shell; on a busy CI machine that can take
// longer than testing-library's default of one second for findBy queries.
configure({ asyncUtilTimeout: 5000 });
