// The viewer page's entry: a share link's clip, its comments and reactions.
import { render } from 'preact';
import { ShareApi } from '../api';
import { App } from './App';
import '../design/tokens.css';
import './viewer.css';

const root = document.getElementById('app');
if (root) render(<App api={ShareApi.fromLocation()} />, root);
