/*
 * The .tp language (Netsor tensor programs), core syntax of LANGUAGE.md section 2.
 * Statement words other than the instruction names are soft keywords: they are matched as
 * identifiers and recognised by the AST builder, so a variable may be called `x`, `mean`, ...
 */
grammar Tp;


program   : sep* (statement (sep+ statement)*)? sep* EOF ;
sep       : NEWLINE | ';' ;

statement
    : PROGRAM name                                       # programStmt
    | DIM dimDecl (',' dimDecl)*                         # dimStmt
    | INPUT name ':' dimension                           # inputStmt
    | MATIN name ':' dimension by=ID dimension option*   # matInStmt
    | VECIN name ':' dimension option*                   # vecInStmt
    | TRANSPOSE name ':=' name '^' TRANSPOSE             # transposeStmt
    | MATMUL name ':=' name name                         # matMulStmt
    | LINCOMB name ':=' expr                             # linCombStmt
    | NONLIN name ':=' expr                              # nonlinStmt
    | OUTPUT name                                        # outputStmt
    ;

dimDecl   : name ('=' expr)? ;
dimension : NUMBER | name ;

/* sigma C | mean C | init zero | frozen; which words are allowed is checked by the builder */
option    : key=ID expr?    ;

expr
    : <assoc=right> expr '^' expr                        # powExpr
    | op=('-' | '+') expr                                # unaryExpr
    | expr op=('*' | '/') expr                           # mulExpr
    | expr op=('+' | '-') expr                           # addExpr
    | '(' expr ')'                                       # parenExpr
    | name '(' (expr (',' expr)*)? ')'                   # callExpr
    | name                                               # nameExpr
    | NUMBER                                             # numberExpr
    ;

/* `T` is the transpose instruction but stays usable as a name (e.g. a number of time steps) */
name      : ID | TRANSPOSE ;

PROGRAM   : 'program' ;
DIM       : 'dim' ;
INPUT     : 'input' ;
MATIN     : 'MatIn' ;
VECIN     : 'VecIn' ;
TRANSPOSE : 'T' ;
MATMUL    : 'MatMul' ;
LINCOMB   : 'LinComb' ;
NONLIN    : 'Nonlin' ;
OUTPUT    : 'Output' ;

NUMBER    : DIGITS ('.' DIGITS?)? EXPONENT? | '.' DIGITS EXPONENT? ;
ID        : [A-Za-z_] [A-Za-z0-9_]* ;
NEWLINE   : '\r'? '\n' | '\r' ;
COMMENT   : '#' ~[\r\n]* -> skip ;
WS        : [ \t\f]+ -> skip ;
ERRCHAR   : . ;

fragment DIGITS   : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? DIGITS ;
